"""French: the texts of `bot.i18n.catalogue.EN` as a French-speaking delegation reads them (UN usage, « vous »).

Written with ordinary spaces before : ; ? ! and inside « »; `TEXTS` puts the non-breaking ones in.
"""

from __future__ import annotations

import re

from . import Translation, each

_TEXTS: dict[str, Translation] = {
    # positions
    "position.support": "Appui",
    "position.support_with_amendments": "Appui avec amendements",
    "position.oppose": "Opposition",
    "position.reserve": "Réserve (en attente des instructions de la capitale)",
    "position.no_position": "Sans position",
    "position.no_objection": "Pas d'objection (silence)",
    "position.none": "pas encore de réponse",
    # navigation
    "nav.back": "◀ Retour",
    "nav.skip": "Passer ▶",
    "nav.review": "Tout revoir",
    "nav.no_comment": "Sans commentaire ▶",
    "nav.submit": "Soumettre ({delegation})",
    "nav.continue": "Continuer",
    "nav.first_unanswered": "Aller à {ref}",
    "nav.open_round": "{title}",
    # the dialogue
    "welcome": "Bienvenue, {name}. Délégation : {delegation} ({role}).",
    "welcome.round": (
        (
            "Cycle de consultation : {title}. {count} recommandation ; les réponses peuvent être "
            "modifiées jusqu'au {deadline}."
        ),
        (
            "Cycle de consultation : {title}. {count} recommandations ; les réponses peuvent être "
            "modifiées jusqu'au {deadline}."
        ),
    ),
    "item.header": "{index} sur {total} · {section}",
    "item.summary_of": "Résumé de {document} (il ne reprend pas le libellé du rapport) :",
    "item.current": "Réponse de votre délégation : {answer}",
    "item.current_by": "Réponse de votre délégation : {answer} (dernière modification par {who})",
    "item.amendment_line": "Amendement : {text}",
    "item.comment_line": "Commentaire : {text}",
    "recorded": "Réponse à {ref} enregistrée : {position}.",
    "recorded.unchanged": "Réponse à {ref} inchangée : {position}.",
    "ask.amendment": "Saisissez l'amendement que votre délégation propose pour {ref} (en un seul message).",
    "ask.comment": "Ajoutez un commentaire sur {ref} si vous le souhaitez, ou continuez.",
    "ask.comment.typed": "Ajoutez un commentaire sur {ref} si vous le souhaitez (ligne vide : pas de commentaire).",
    "comment.saved": "Commentaire sur {ref} enregistré.",
    "amendment.saved": "Amendement à {ref} enregistré.",
    "review.title": "Récapitulatif · {delegation} · {title}",
    "review.line": "{ref} {title} : {position}",
    "receipt.line": "{ref} : {position}",
    "review.line_amendment": "    amendement : {text}",
    "review.line_comment": "    commentaire : {text}",
    "review.progress": "Réponses données : {answered} sur {total}.",
    "review.ready": (
        "Toutes les recommandations ont reçu une réponse. Soumettez-les lorsque votre délégation est prête."
    ),
    "review.missing": "Pas encore de réponse : {refs}.",
    "review.submitted": "Dernière soumission : {when} (accusé de réception {receipt}).",
    "review.changed_since": (
        "Des réponses ont été modifiées depuis cette soumission : soumettez de nouveau pour mettre à jour "
        "l'accusé de réception."
    ),
    "review.cannot_submit": "Seul le point focal de votre délégation peut soumettre les réponses ({names}).",
    "review.no_focal_point": (
        "Aucun point focal n'est enregistré ({delegation}) ; personne ne peut donc encore soumettre "
        "les réponses. Un coordonnateur en désigne un avec `consultbot invite CODE --role "
        "focal_point`."
    ),
    "round.closed_notice": (
        "Le cycle « {title} » a été clos le {when} : les réponses sont figées et ne peuvent plus être soumises."
    ),
    "receipt.title": "Accusé de réception {receipt}",
    "receipt.text": (
        (
            "{delegation} : {count} réponse soumise sur « {title} » le {when}.\n"
            "Numéro de l'accusé de réception : {receipt}.\n"
            "Les réponses restent modifiables jusqu'au {deadline} ; toute nouvelle soumission donne "
            "lieu à un nouvel accusé de réception."
        ),
        (
            "{delegation} : {count} réponses soumises sur « {title} » le {when}.\n"
            "Numéro de l'accusé de réception : {receipt}.\n"
            "Les réponses restent modifiables jusqu'au {deadline} ; toute nouvelle soumission donne "
            "lieu à un nouvel accusé de réception."
        ),
    ),
    "receipt.by": "Soumis par {who}. Contenu de la soumission :",
    "receipt.amendment": "amendement {text}",
    "receipt.comment": "commentaire {text}",
    "receipt.counts": (
        "Amendements : {amendments} ; commentaires : {comments}, tels que soumis. Tapez reçu pour "
        "revoir ce récapitulatif."
    ),
    "status.delegation": "{delegation} · {title}",
    "status.line": "Réponses données : {answered} sur {total} · {state}.",
    "status.deadline": "Date limite : {deadline} ({left}).",
    "state.not_started": "pas commencé",
    "state.in_progress": "en cours",
    "state.submitted": "soumis",
    "help.title": "Comment répondre",
    "help.text": (
        "Répondez à chaque recommandation au moyen des boutons (ou tapez la position).\n"
        "Commandes :\n"
        "  revoir : toutes les réponses de votre délégation, puis soumission\n"
        "  modifier RÉF : modifier une réponse, par exemple modifier CL-3\n"
        "  retour / passer : recommandation précédente ou suivante\n"
        "  état : état d'avancement de votre délégation\n"
        "  soumettre : soumettre les réponses de votre délégation\n"
        "  reçu : le dernier accusé de réception de votre délégation et le contenu soumis\n"
        "  cycles : les cycles de consultation ouverts\n"
        "  fuseau ZONE : votre fuseau horaire, par exemple fuseau Europe/Paris\n"
        "  aide : le présent texte"
    ),
    "help.text.console": (
        "Répondez à chaque recommandation en tapant le numéro d'un choix (ou la position en toutes "
        "lettres).\n"
        "Commandes :\n"
        "  revoir : toutes les réponses de votre délégation, puis soumission\n"
        "  modifier RÉF : modifier une réponse, par exemple modifier CL-3\n"
        "  retour / passer : recommandation précédente ou suivante\n"
        "  état : état d'avancement de votre délégation\n"
        "  soumettre : soumettre les réponses de votre délégation\n"
        "  cycles : les cycles de consultation ouverts\n"
        "  fuseau ZONE : votre fuseau horaire, par exemple fuseau Europe/Paris\n"
        "  aide : le présent texte ; quit, Ctrl-D ou Ctrl-C : quitter (vos réponses sont "
        "enregistrées)"
    ),
    "help.coordinator": (
        "Commandes du coordonnateur :\n"
        "  status ROUND : état d'avancement de chaque délégation\n"
        "  open ROUND / close ROUND / extend ROUND 2027-01-31T18:00-05:00\n"
        "  remind ROUND : envoyer un rappel aux délégations qui n'ont pas soumis leurs réponses\n"
        "  digest [ROUND] : la synthèse immédiatement"
    ),
    "help.digest": (
        "Commandes de la synthèse :\n"
        "  digest [ROUND] : la synthèse immédiatement\n"
        "  status ROUND : état d'avancement de chaque délégation"
    ),
    "rounds.choose": "Cycles de consultation ouverts : choisissez-en un.",
    "rounds.none": "Aucun cycle de consultation n'est ouvert pour le moment ({delegation}).",
    "timezone.set": "Votre fuseau horaire est désormais {zone}.",
    "timezone.bad": "« {zone} » n'est pas un fuseau horaire connu. Exemple : fuseau Europe/Paris",
    "language.set": "Langue choisie : {language}.",
    "language.bad": "Cette langue n'est pas disponible. Langues disponibles : {languages}.",
    # times
    "time.new_york": "{when} · New York {new_york}",
    "time.left": "il reste {duration}",
    "time.closed": "échue",
    # forms
    "form.amendment.button": "Rédiger l'amendement…",
    "form.comment.button": "Ajouter un commentaire…",
    "form.amendment.title": "Amendement",
    "form.comment.title": "Commentaire",
    "form.amendment.label": "L'amendement proposé par votre délégation",
    "form.comment.label": "Le commentaire de votre délégation",
    "form.save": "Enregistrer",
    "form.cancel": "Annuler",
    # joining
    "join.ok": ("Bienvenue, {name}. Ce compte représente désormais la délégation suivante : {delegation} ({role})."),
    "join.bad_code": ("Ce code d'invitation n'est pas valide. Vérifiez-le ou demandez-en un nouveau au Secrétariat."),
    "join.used_code": "Ce code d'invitation a déjà été utilisé. Demandez-en un nouveau au Secrétariat.",
    "join.expired_code": "Ce code d'invitation a expiré. Demandez-en un nouveau au Secrétariat.",
    "join.slow_down": (
        "Trop de codes erronés depuis ce compte. Réessayez dans {count} minute.",
        "Trop de codes erronés depuis ce compte. Réessayez dans {count} minutes.",
    ),
    # coordinators
    "round.opened": (
        "Le cycle {slug} est ouvert : {invited} invitations en attente d'envoi à {delegations} délégations."
    ),
    "round.closed": "Le cycle {slug} est clos.",
    "round.already_open": "Le cycle {slug} est déjà ouvert depuis le {since} ; aucun envoi n'a été programmé.",
    "round.already_closed": "Le cycle {slug} est déjà clos depuis le {since} ; rien n'a été modifié.",
    "round.extended": "Cycle {slug} : nouvelle date limite {deadline}.",
    "round.reminded": (
        "Cycle {slug} : {count} rappel en attente d'envoi.",
        "Cycle {slug} : {count} rappels en attente d'envoi.",
    ),
    "round.status.title": "{title} · {slug} · {status}",
    "round.status.line": (
        "{submitted} ont soumis · {in_progress} en cours · {not_started} pas commencé (sur {total} délégations)"
    ),
    "round.status.group": "{group} : {submitted}/{total} ont soumis, {in_progress} en cours",
    # pushes
    "invite.title": "Consultation : {title}",
    "invite.text": (
        (
            "{delegation} : le Secrétariat invite votre délégation à faire connaître sa position sur "
            "{count} recommandation.\n"
            "Date limite : {deadline}.\n"
            "Les réponses peuvent être modifiées jusqu'à cette date ; soumettez-les au nom de votre "
            "délégation lorsqu'elle est prête."
        ),
        (
            "{delegation} : le Secrétariat invite votre délégation à faire connaître ses positions "
            "sur {count} recommandations.\n"
            "Date limite : {deadline}.\n"
            "Les réponses peuvent être modifiées jusqu'à cette date ; soumettez-les au nom de votre "
            "délégation lorsqu'elle est prête."
        ),
    ),
    "remind.title": "Rappel : {title}",
    "remind.text": (
        "{delegation} : réponse donnée à {answered} recommandations sur {total} ; les réponses n'ont "
        "pas encore été soumises.\n"
        "Date limite : {deadline}."
    ),
    "deadline.title": "Date limite modifiée : {title}",
    "deadline.text": (
        "{delegation} : la date limite de réponse est désormais fixée au {deadline}.\n"
        "Les réponses peuvent être modifiées jusqu'à cette date ; soumettez-les au nom de votre "
        "délégation lorsqu'elle est prête."
    ),
    # e-mail to contacts
    "mail.invite.greeting": "À l'attention de {name}",
    "mail.invite.text": (
        "Le Secrétariat invite votre délégation ({delegation}) à faire connaître ses positions dans "
        "le cadre de la consultation « {title} » ({count} recommandations)."
    ),
    "mail.invite.deadline": "Date limite : {deadline}.",
    "mail.invite.asked": (
        "Pour chaque recommandation, votre délégation choisit l'appui, l'appui avec amendements, l'opposition, "
        "la réserve (en attente des instructions de la capitale) ou l'absence de position, en y joignant un "
        "commentaire si elle le souhaite. Les réponses peuvent être modifiées jusqu'à la date limite ; "
        "un point focal les soumet au nom de la délégation."
    ),
    "mail.invite.code": "Votre code d'invitation personnel (à usage unique, valable jusqu'au {expires}) : {code}",
    "mail.invite.how": "Pour répondre, rejoignez la consultation de l'une des manières suivantes :",
    "mail.join.telegram": "Ouvrir dans Telegram",
    "mail.join.web": "Répondre dans un navigateur Web",
    "mail.way.telegram": (
        "Telegram : cliquez sur « Ouvrir dans Telegram » ci-dessous (sur un téléphone ou un ordinateur "
        "équipé de Telegram)."
    ),
    "mail.way.web": "Web : cliquez sur « Répondre dans un navigateur Web » ci-dessous.",
    "mail.way.slack": "Slack : tapez {line} dans n'importe quel canal de votre espace de travail.",
    "mail.remind.join": (
        "Vous n'avez pas encore rejoint la consultation : utilisez le code figurant dans votre courriel "
        "d'invitation, ou répondez au présent message pour en demander un nouveau au Secrétariat."
    ),
    "mail.remind.joined": "Reprenez votre conversation avec le bot de consultation là où vous l'aviez laissée.",
    # errors
    "error.generic": "Une erreur s'est produite de notre côté. Veuillez réessayer dans un instant.",
    "error.not_invited": (
        "Ce compte n'est encore rattaché à aucune délégation. Utilisez le code d'invitation que le Secrétariat "
        "vous a envoyé : join CODE"
    ),
    "error.not_allowed": "Vous n'êtes pas autorisé(e) à effectuer cette opération.",
    "error.unknown_round": "Il n'existe pas de cycle de consultation « {slug} ».",
    "error.unknown_recommendation": "Il n'existe pas de recommandation « {ref} » dans ce cycle.",
    "error.unknown_stakeholder": "Il n'existe pas de délégation « {code} ».",
    "error.no_open_round": "Aucun cycle de consultation n'est ouvert pour votre délégation pour le moment.",
    "error.round_closed": "Le cycle « {title} » a été clos le {deadline} ; les réponses sont figées.",
    "error.round_not_open": "Le cycle « {title} » n'est pas ouvert ({status}).",
    "error.bad_input": "{reason}",
    "error.bad_round_file": "Le fichier du cycle présente des problèmes : {problems}",
    "error.too_long": "Ce texte est trop long ({length} caractères ; {limit} au maximum). Rien n'a été enregistré.",
    "error.empty": "Ce texte est vide. Rien n'a été enregistré.",
    "error.empty_round": (
        "Le cycle {slug} est vide : aucune délégation n'a encore répondu. Aucun fichier n'a été écrit."
    ),
    "error.no_submission": (
        "Aucune délégation n'a encore soumis de réponses dans le cycle {slug}. Aucun fichier n'a été écrit.{hint}"
    ),
    "error.no_receipt": (
        "{delegation} : aucune réponse n'a encore été soumise dans ce cycle ; il n'y a pas d'accusé de réception."
    ),
    "error.amendment_needed": (
        "La position « Appui avec amendements » sur {ref} exige le texte de l'amendement. Rien n'a été enregistré."
    ),
    "error.incomplete": (
        "Non soumis : {count} recommandation n'a pas encore reçu de réponse ({refs}).",
        "Non soumis : {count} recommandations n'ont pas encore reçu de réponse ({refs}).",
    ),
    "error.conflict": "Quelqu'un a modifié cet élément au même moment. Veuillez réessayer.",
    "error.unknown_command": "Je n'ai pas compris « {text} ». Tapez aide pour obtenir la liste des commandes.",
    "error.stale_button": "Ce bouton appartient à un cycle de consultation qui n'est plus disponible.",
    "error.try_again": "Le service est très sollicité. Veuillez réessayer dans un instant ; rien n'a été perdu.",
    "error.cannot_save": (
        "Rien n'a été enregistré : le service ne peut pas écrire dans sa base de données ({reason}). "
        "Le Secrétariat a été alerté ; veuillez réessayer plus tard."
    ),
    # the digest
    "digest.title": "Synthèse de la consultation · {date}",
    "digest.chart_title": "Positions et participation · {title}",
    "digest.chart_of": "Le graphique porte sur « {title} ».",
    "digest.no_round": "Aucun cycle de consultation n'est ouvert.",
    "digest.quiet_all": "Semaine calme : rien à signaler.",
    "digest.since_opened": "l'ouverture du cycle",
    "digest.more": {
        "{shown} and {more} more": "{shown} et {more} autres",
        (
            "{count} more",
            "{count} more",
        ): (
            "{count} autre",
            "{count} autres",
        ),
    },
    "digest.lead.round": "{title} : date limite {deadline}, {left}.",
    "digest.lead.coverage": {
        (
            "{submitted} of {total} delegations submitted ({percent}%) · {in_progress} in progress · "
            "{not_started} not started."
        ): (
            "{submitted} délégations sur {total} ont soumis leurs réponses ({percent} %) · "
            "{in_progress} en cours · {not_started} pas commencé."
        ),
        (
            (
                "{submitted} of {count} delegation submitted ({percent}) · {in_progress} in progress "
                "· {not_started} not started."
            ),
            (
                "{submitted} of {count} delegations submitted ({percent}) · {in_progress} in "
                "progress · {not_started} not started."
            ),
        ): (
            (
                "Délégations ayant soumis leurs réponses : {submitted} sur {count} ({percent}) · "
                "{in_progress} en cours · {not_started} pas commencé."
            ),
            (
                "Délégations ayant soumis leurs réponses : {submitted} sur {count} ({percent}) · "
                "{in_progress} en cours · {not_started} pas commencé."
            ),
        ),
    },
    "digest.lead.unsubmitted": {
        (" {count} with changes not submitted (positions count what was submitted)."): (
            " {count} avec des modifications non soumises (les positions comptabilisées sont celles "
            "qui ont été soumises)."
        ),
        (
            (" {count} with changes not submitted (positions count what was submitted)."),
            (" {count} with changes not submitted (positions count what was submitted)."),
        ): (
            (
                " {count} avec des modifications non soumises (les positions comptabilisées sont "
                "celles qui ont été soumises)."
            ),
            (
                " {count} avec des modifications non soumises (les positions comptabilisées sont "
                "celles qui ont été soumises)."
            ),
        ),
    },
    "digest.lead.activity": (
        "Depuis {since} : soumissions {submitted} · débuts {started} · positions modifiées {positions} · "
        "nouveaux commentaires {comments}."
    ),
    "digest.lead.quiet": "Semaine calme : ni nouvelle réponse, ni soumission, ni nouveau commentaire depuis {since}.",
    "digest.lead.contested": "Les plus contestées : {items}.",
    "digest.section.groups": "Participation par groupe régional",
    "digest.section.other_groups": "Autres groupes",
    "digest.group": (
        "{group} : {submitted} sur {total} ont soumis · {in_progress} en cours · {not_started} pas commencé"
    ),
    "digest.section.changes": "Changements depuis {since}",
    "digest.changes.none": "Rien de nouveau : ni réponse, ni soumission, ni commentaire.",
    "digest.changes.submitted": "Réponses soumises ({count}, les plus récentes d'abord) : {names}",
    "digest.changes.resubmitted": "Réponses soumises de nouveau ({count}, les plus récentes d'abord) : {names}",
    "digest.changes.started": "Ont commencé à répondre ({count}) : {names}",
    "digest.changes.counts": (
        "Nouvelles réponses {answers} · positions modifiées {positions} · nouveaux commentaires {comments}"
    ),
    "digest.changes.shifts": "Principales évolutions : {items}",
    "digest.changes.latest": "Derniers changements :",
    "digest.change.position": "{when} · {delegation} · {ref} : {before} → {after}",
    "digest.change.comment": "{when} · {delegation} · {ref} : « {comment} »",
    "digest.section.contested": "Recommandations les plus contestées",
    "digest.contested.definition": (
        "Part des oppositions et des réserves parmi les réponses données (l'absence de position compte comme "
        "une réponse, le silence non) ; {floor} réponses au minimum ; à égalité, la recommandation qui "
        "recueille le plus d'objections figure en premier."
    ),
    "digest.contested.line": {
        ("{ref} {title}: {percent}% ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title} : {percent} % ({dissent} sur {answers} : {oppose} opposition, {reserve} réserve)"
        ),
        ("{ref} {title}: {percent} ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title} : {percent} ({dissent} sur {answers} : {oppose} opposition, {reserve} réserve)"
        ),
    },
    "digest.contested.none": "Aucune recommandation ne fait l'objet d'une opposition ou d'une réserve à ce stade.",
    "digest.section.positions": "Positions par recommandation",
    "digest.positions.legend": "Décomptes : {labels}",
    "digest.pos.support": "appui",
    "digest.pos.support_with_amendments": "avec amendements",
    "digest.pos.oppose": "opposition",
    "digest.pos.reserve": "réserve",
    "digest.pos.no_position": "sans position",
    "digest.pos.no_objection": "pas d'objection",
    "digest.pos.none": "aucune réponse",
    "digest.section.not_started": "Pas commencé ({count})",
    "digest.not_started.group": "{group} ({count}) : {names}",
    "digest.not_started.none": "Toutes les délégations ont commencé.",
    "digest.not_started.full": "Liste complète : consultbot round status {slug}",
    "digest.section.problems": "Problèmes de distribution",
    "digest.problems.person": "{delegation} · {participant} ({channel})",
    "digest.problems.unreachable": "Participants injoignables ({count}) : {names}",
    "digest.problems.dead": "Messages abandonnés ({count}) : {kinds}",
    "digest.problems.none": (
        "Aucun : chaque délégation qui n'a pas encore soumis ses réponses compte une personne que le bot peut joindre."
    ),
    "digest.problems.nobody": "Délégations sans personne à joindre ({count}) : {names}",
    "digest.section.deadlines": "Prochaines échéances",
    "digest.deadline": "{title} : {deadline}, {left}",
    "digest.deadline.reminder": "prochain rappel {when}",
    "digest.deadline.opens": "{title} s'ouvre {when}",
    "digest.deadline.none": "Aucune échéance à venir.",
    "digest.col.group": "Groupe",
    "digest.col.all": "Toutes les délégations",
    "digest.col.submitted": "Ont soumis",
    "digest.col.in_progress": "En cours",
    "digest.col.not_started": "Pas commencé",
    "digest.col.total": "Total",
    "digest.col.recommendation": "Recommandation",
    "digest.col.answers": "Réponses",
    "digest.chart.delegations": "délégations",
    "digest.chart.percent": "% des délégations du groupe (étiquettes : ont soumis / total)",
    # the web pages
    "web.skip": "Aller au contenu",
    "web.brand": "consultbot",
    "web.signed_in_as": "Connecté(e) en tant que {name}, {delegation}",
    "web.sign_out": "Se déconnecter",
    "web.signed_out": (
        "Vous êtes déconnecté(e). Utilisez un nouveau lien envoyé par le Secrétariat pour vous reconnecter."
    ),
    "web.login.title": "Connexion",
    "web.login.text": "Ce lien à usage unique vous connecte ({delegation}). Il ne fonctionne qu'une fois.",
    "web.login.button": "Se connecter",
    "web.refused.title": "Ce lien ne peut pas être utilisé",
    "web.refused.session": "Connectez-vous au moyen du lien que le Secrétariat vous a envoyé.",
    "web.forbidden": "Cette page n'est pas destinée à votre rôle.",
    "web.csrf": "Ce formulaire a expiré. Rechargez la page et réessayez ; rien n'a été enregistré.",
    "web.rounds.title": "Vos consultations",
    "web.rounds.none": "Aucune consultation n'est en cours pour votre délégation pour le moment.",
    "web.round.deadline": "Date limite : {deadline}",
    "web.progress": "Réponses données : {answered} sur {total}",
    "web.positions": "Position",
    "web.amendment": "Amendement (requis pour « Appui avec amendements »)",
    "web.comment": "Commentaire (facultatif)",
    "web.save": "Enregistrer {ref}",
    "web.saved": "Enregistré",
    "web.unanswered": "Pas encore de réponse",
    "web.review": "Revoir et soumettre",
    "web.review.title": "Récapitulatif : {title}",
    "web.back_to_answers": "Retour aux réponses",
    "web.edit": "Modifier {ref}",
    "web.submit": "Soumettre ({delegation})",
    "web.receipt": "Votre accusé de réception",
    "web.closed": "Ce cycle de consultation n'accepte plus de réponses.",
    "web.coord.title": "Consultations",
    "web.coord.round": "Cycle",
    "web.coord.state": "État",
    "web.coord.deadline": "Date limite",
    "web.coord.coverage": "Ont soumis",
    "web.coord.in_progress": "En cours",
    "web.coord.delegations": "Délégations par groupe régional",
    "web.coord.filter": "Afficher",
    "web.coord.filter.all": "toutes les délégations",
    "web.coord.filter.pending": "les délégations qui doivent encore répondre",
    "web.coord.filter.apply": "Filtrer",
    "web.coord.delegation": "Délégation",
    "web.coord.answered": "Réponses",
    "web.coord.submitted_at": "Soumis le",
    "web.coord.receipt": "Accusé de réception",
    "web.coord.changed": "Modifié depuis la soumission",
    "web.coord.none": "Personne dans cette liste.",
    "web.coord.positions": "Positions par recommandation",
    "web.coord.chart": "Graphique des positions par recommandation et de la participation par groupe",
    "web.coord.recommendation": "Recommandation",
    "web.coord.problems": "Problèmes de distribution",
    "web.coord.no_problems": "Aucun problème de distribution.",
    "web.coord.unreachable": "{participant} ({stakeholder}) ne peut pas être joint(e) sur {channel}",
    "web.coord.dead": "{kind} à {chat} sur {channel} abandonné : {error}",
    "web.coord.downloads": "Téléchargements",
    "web.coord.actions": "Actions",
    "web.coord.open": "Ouvrir le cycle",
    "web.coord.remind": "Envoyer un rappel maintenant",
    "web.coord.extend": "Reporter la date limite",
    "web.coord.close": "Clore le cycle",
    "web.coord.new_deadline": "Nouvelle date limite ({zone})",
    "web.coord.confirm": "Veuillez confirmer : {action} « {title} ».",
    "web.coord.confirm.yes": "Oui : {action}",
    "web.coord.cancel": "Annuler",
    "web.coord.all_rounds": "Toutes les consultations",
    "web.coord.read_only": "Vous pouvez consulter ce cycle ; seuls les coordonnateurs peuvent agir sur celui-ci.",
    "digest.chart.headline": "{date} · {submitted} sur {total} ont soumis",
    "digest.chart.closed": "clos",
    "digest.chart.empty": "Pas encore de réponse",
    "digest.chart.scale": "délégations ayant répondu (sur {total})",
    "digest.chart.more": {
        "… and {count} more recommendations: see the digest's text": (
            "… et {count} autres recommandations : voir le texte de la synthèse"
        ),
        (
            "… and {count} more recommendation: see the digest's text",
            "… and {count} more recommendations: see the digest's text",
        ): (
            ("… et {count} autre recommandation : voir le texte de la synthèse"),
            ("… et {count} autres recommandations : voir le texte de la synthèse"),
        ),
    },
    # facilitators and questions
    "question.button": "Poser une question",
    "question.how": "Pour interroger le facilitateur de « {section} », envoyez : question {ref} VOTRE QUESTION",
    "question.usage": "Syntaxe : question REF VOTRE QUESTION, par exemple question CL-3 Cela couvre-t-il … ?",
    "question.sent": (
        "Votre question {label} sur {ref} a été transmise au facilitateur ({who}). La réponse vous parviendra "
        "ici, à l'intention de votre seule délégation."
    ),
    "question.list_title": "Questions · {title}",
    "question.none": "Aucune question pour le moment.",
    "question.answer_usage": "Syntaxe : answer Q-12 VOTRE RÉPONSE",
    "question.answer_sent": (
        "Votre réponse à {label} a été transmise uniquement à la délégation qui l'a posée "
        "({stakeholder}). Pour la communiquer à toutes les délégations : publish {label}"
    ),
    "question.publish_usage": "Syntaxe : publish Q-12",
    "question.published": "{label} est publiée : toutes les délégations la voient sous {ref}.",
    "question.already_published": "{label} est déjà publiée.",
    "role.delegate": "délégué(e)",
    "role.focal_point": "point focal",
    "role.coordinator": "coordonnateur(trice)",
    "role.digest": "destinataire de la synthèse",
    "item.title": "{ref} · {title}",
    "word.help": "aide",
    "word.status": "état|etat|statut",
    "word.review": "revoir|récapitulatif|recapitulatif",
    "word.submit": "soumettre",
    "word.receipt": "reçu|recu|accusé|accuse",
    "word.edit": "modifier",
    "word.back": "retour|précédent|precedent",
    "word.skip": "passer|suivant",
    "word.rounds": "cycles",
    "word.continue": "continuer",
    "word.timezone": "fuseau",
    "word.language": "langue",
    "word.question": "question",
    "word.join": "rejoindre",
    "word.no_comment": "sans commentaire|pas de commentaire|aucun commentaire",
    "word.position.support": "oui|appuyer|pour",
    "word.position.oppose": "non|contre",
    "word.position.support_with_amendments": "amender|amendement|amendements",
    "word.position.reserve": "réserve|reserve",
    "word.position.no_position": "aucune|aucune position",
    "round.status.views": (
        "Autres parties prenantes (avis, comptés à part) : {submitted} ont soumis, {in_progress} en cours, "
        "{not_started} pas commencé, sur {total}"
    ),
    # keys added on wip/dialogue, wip/content, wip/mailweb and wip/texts (used once EN has them)
    "nav.add_comment": "Ajouter un commentaire sur {ref}",
    "nav.change_comment": "Modifier le commentaire sur {ref}",
    "ask.amendment.first": (
        "La réponse à {ref} sera enregistrée dès réception de l'amendement ; d'ici là, la réponse de "
        "votre délégation reste inchangée."
    ),
    "changed.by_you": "Vous (dans une autre conversation ou fenêtre)",
    "changed.by_system": "Le système",
    "changed.comment": (
        "{who} a modifié {ref} le {when} : la position est désormais {position}. Votre commentaire "
        "n'a pas été enregistré, car il portait sur la réponse que vous aviez sous les yeux. "
        "Ajoutez-le de nouveau ci-dessous s'il reste pertinent."
    ),
    "changed.amendment": (
        "{who} a modifié {ref} le {when} : la position est désormais {position}. Votre amendement "
        "n'a pas été enregistré, car il portait sur la réponse que vous aviez sous les yeux. "
        "Choisissez de nouveau ci-dessous."
    ),
    "changed.typed": "Ce que vous aviez écrit : « {text} »",
    "changed.review": (
        "Les réponses ont changé depuis l'ouverture du récapitulatif (dernière modification : {ref}, "
        "désormais {position}, par {who} le {when}). Rien n'a été soumis : vérifiez le récapitulatif "
        "ci-dessous et soumettez de nouveau s'il est exact."
    ),
    "submit.unanswered.title": "Recommandations sans réponse : {count}",
    "submit.unanswered": (
        "{count} recommandations sur {total} n'ont pas encore de réponse : {refs}.\n"
        "Pour soumettre maintenant, elles sont toutes enregistrées comme « {position} » "
        "({delegation}) et l'ensemble est soumis en une seule étape. Vous pouvez aussi y répondre "
        "d'abord."
    ),
    "nav.no_position_submit": "« Sans position » pour {count} et soumettre",
    "digest.problems.stranded": (
        "Messages en attente d'un canal non configuré ({channels}), {count} au total, pour : "
        "{names}. Configurez de nouveau le canal ou joignez ces personnes par un autre moyen."
    ),
    "content.unofficial": "Traduction non officielle : l'original en {language} fait foi.",
    "content.untranslated": "Pas encore traduit dans votre langue : texte affiché dans l'original en {language}.",
    "email.deadline.new_york": "{when}, soit {new_york} à New York",
    "email.masthead": "Organisation des Nations Unies · Consultations",
    "email.footer": (
        "Envoyé par consultbot pour le Secrétariat de l'Organisation des Nations Unies. Répondez à "
        "ce message pour écrire à l'équipe du Secrétariat chargée de la consultation."
    ),
    "email.subject.default": "Consultation",
    "web.position_on": "Position sur {ref}",
    "web.choose_position": "Choisissez une position pour {ref}.",
    "web.bad_form": "Ce formulaire n'a pas pu être lu. Rechargez la page et réessayez ; rien n'a été enregistré.",
    "web.not_found": "Cette page n'existe pas.",
    "web.coord.compilation": "Compilation (Word)",
    "web.status.draft": "projet",
    "web.status.open": "ouvert",
    "web.status.closed": "clos",
    "web.yes": "oui",
    "web.language": "Langue",
    "web.language.apply": "Changer",
    "web.role.delegate": "délégué(e)",
    "web.role.focal_point": "point focal",
    "web.role.coordinator": "coordonnateur(trice)",
    "web.role.digest": "destinataire de la synthèse",
    "digest.contested.item": "{ref} ({percent})",
    "digest.kind.invitation": (
        "{count} invitation",
        "{count} invitations",
    ),
    "digest.kind.reminder": (
        "{count} rappel",
        "{count} rappels",
    ),
    "digest.kind.deadline": (
        "{count} avis de date limite",
        "{count} avis de date limite",
    ),
    "digest.kind.digest": (
        "{count} synthèse",
        "{count} synthèses",
    ),
    "digest.kind.question": (
        "{count} question",
        "{count} questions",
    ),
    "digest.kind.answer": (
        "{count} réponse à une question",
        "{count} réponses à des questions",
    ),
    "digest.kind.clarification": (
        "{count} éclaircissement",
        "{count} éclaircissements",
    ),
    "digest.kind.area-digest": (
        "{count} synthèse de domaine",
        "{count} synthèses de domaine",
    ),
    "digest.section.views": "Avis des autres parties prenantes (comptés à part des positions des États Membres)",
    "digest.views.group": "Autres parties prenantes (avis)",
    "digest.group.none": "(sans groupe)",
    "question.received.title": "Question {label} · {ref} · {delegation}",
    "question.received.text": (
        "Question posée ({delegation}) sur {ref} « {title} » ({section}) :\n"
        "\n"
        "{question}\n"
        "\n"
        "Pour répondre : answer {label} VOTRE RÉPONSE (la réponse est adressée uniquement à "
        "{delegation}) ; puis, pour la communiquer à toutes les délégations : publish {label}"
    ),
    "question.answered.title": "Réponse à {label} · {ref}",
    "question.answered.text": ("Votre question sur {ref} :\n{question}\n\nRéponse du facilitateur :\n{answer}"),
    "question.clarification.title": "Éclaircissement sur {ref}",
    "question.clarification.text": ("Éclaircissement {label} sur {ref} :\nQ : {question}\nR : {answer}"),
    "followup.error.not_a_question": "« {raw} » n'est pas un numéro de question (par exemple Q-12).",
    "followup.error.no_recommendation": "Le cycle {slug} ne comporte pas de recommandation « {ref} ».",
    "followup.error.no_facilitator": (
        "Aucun facilitateur n'est encore désigné pour « {section} » dans ce cycle ; rien n'a été "
        "envoyé. Adressez-vous aux coordonnateurs."
    ),
    "followup.error.no_question": "Il n'existe pas de question {raw}.",
    "followup.error.answered": "{label} a déjà reçu une réponse ; publish {label} pour la communiquer.",
    "followup.error.unanswered": "{label} n'a pas encore de réponse : d'abord answer {label} VOTRE RÉPONSE.",
    "area.title": "Synthèse hebdomadaire de votre domaine · {title}",
    "area.head": (
        "Votre domaine : {section} ({count} recommandation)",
        "Votre domaine : {section} ({count} recommandations)",
    ),
    "area.states": (
        "Positions des États Membres ({count} consulté) :",
        "Positions des États Membres ({count} consultés) :",
    ),
    "area.views": (
        "Avis des autres parties prenantes ({count} consultée) :",
        "Avis des autres parties prenantes ({count} consultées) :",
    ),
    "area.held": "{position} {count}",
    "area.none_yet": "aucune pour le moment",
    "area.notes": (
        "Amendements et commentaires ({count}) :",
        "Amendements et commentaires ({count}) :",
    ),
    "area.note": "{ref} {delegation} ({kind}) : {text}",
    "area.kind.amendment": "amendement",
    "area.kind.comment": "commentaire",
    "area.none": "aucun",
    "area.questions": (
        "Questions en suspens ({count}) :",
        "Questions en suspens ({count}) :",
    ),
    "followup.clarifications.heading": (
        "Éclaircissements publiés par les facilitateurs ({count})",
        "Éclaircissements publiés par les facilitateurs ({count})",
    ),
    "followup.clarifications.line": "{label} {ref} : {question} → {answer}",
    "followup.clarifications.none": "Aucun éclaircissement publié pour le moment.",
    "followup.track.heading": "Suivi (état de la mise en œuvre)",
    "followup.track.per_area": "État par domaine :",
    "followup.track.area": "{section} : {counts}",
    "followup.track.count": (
        "{count} {status}",
        "{count} {status}",
    ),
    "followup.track.moved": (
        "Évolutions ({count}) :",
        "Évolutions ({count}) :",
    ),
    "followup.track.move": "{ref} → {status}{lead}{note}, {date}, par {by}",
    "followup.track.move.lead": " (chef de file : {lead})",
    "followup.track.move.note": " : {note}",
    "followup.track.moved_none": "Évolutions : aucune cette semaine.",
    "followup.track.apart": "Positions et mise en œuvre divergent :",
    "followup.track.apart_line": (
        "{ref} est en cours de mise en œuvre alors que {oppose} des {answers} réponses des États "
        "Membres s'y opposent ({percent})"
    ),
    "followup.track.apart_none": (
        "Positions et mise en œuvre : aucune recommandation en cours de mise en œuvre ne se heurte à "
        "une forte opposition."
    ),
    "followup.status.implemented": "mise en œuvre dans le cadre des mandats existants",
    "followup.status.in_progress": "en cours",
    "followup.status.decision": "nécessite une décision intergouvernementale",
    "followup.status.discussion": "à l'examen",
    "followup.status.not_pursued": "non retenue",
    "followup.status.not_tracked": "non suivie",
    "question.line.other": "{label} {ref} ({state}) : {question}",
    "question.line.own": "{label} {ref} ({state}, la vôtre) : {question}",
    "question.state.answered": "répondue",
    "question.state.open": "ouverte",
    "question.state.published": "publiée",
    # the terminal's own words
    "console.goodbye": "Vos réponses sont enregistrées. Au revoir.",
    "console.end_of_input": "Fin de la saisie : vos réponses sont enregistrées. Au revoir.",
    "console.number_as_text": (
        "Enregistrer « {text} » comme votre texte ? Tapez y pour l'enregistrer, autre chose pour le ressaisir."
    ),
    "console.not_saved": "Non enregistré : tapez votre texte.",
    "console.image": "(une image de {size} octets : utilisez un canal de messagerie ou --format png)",
    "console.message_for": "Message pour {chat}",
    # the UN's regional groups, by their official names
    "group.african": "Groupe des États d'Afrique",
    "group.asia_pacific": "Groupe des États d'Asie et du Pacifique",
    "group.eastern_european": "Groupe des États d'Europe orientale",
    "group.latin_american_caribbean": "Groupe des États d'Amérique latine et des Caraïbes",
    "group.western_european_others": "Groupe des États d'Europe occidentale et autres États",
}

_NBSP = "\u00a0"


def _typography(value: str) -> str:
    """Non-breaking spaces before : ; ? ! % and inside « », as French typography wants."""
    value = re.sub(r" ([:;?!%»])", _NBSP + r"\1", value)
    return value.replace("« ", "«" + _NBSP)


TEXTS: dict[str, Translation] = {key: each(value, _typography) for key, value in _TEXTS.items()}
