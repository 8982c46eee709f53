"""Spanish: the texts of `bot.i18n.catalogue.EN` as a Spanish-speaking delegation reads them (UN usage, «usted»)."""

from __future__ import annotations

from . import Translation

TEXTS: dict[str, Translation] = {
    # positions
    "position.support": "Apoyo",
    "position.support_with_amendments": "Apoyo con enmiendas",
    "position.oppose": "Oposición",
    "position.reserve": "Reserva (a la espera de instrucciones de la capital)",
    "position.no_position": "Sin posición",
    "position.no_objection": "Sin objeciones (silencio)",
    "position.none": "aún sin respuesta",
    # navigation
    "nav.back": "◀ Atrás",
    "nav.skip": "Omitir ▶",
    "nav.review": "Revisar todo",
    "nav.no_comment": "Sin comentarios ▶",
    "nav.submit": "Presentar en nombre de {delegation}",
    "nav.continue": "Continuar",
    "nav.first_unanswered": "Ir a {ref}",
    "nav.open_round": "{title}",
    # the dialogue
    "welcome": "Le damos la bienvenida, {name}. Usted habla en nombre de {delegation} ({role}).",
    "welcome.round": (
        ("Ronda de consultas: {title}. {count} recomendación; las respuestas pueden modificarse hasta el {deadline}."),
        (
            "Ronda de consultas: {title}. {count} recomendaciones; las respuestas pueden modificarse "
            "hasta el {deadline}."
        ),
    ),
    "item.header": "{index} de {total} · {section}",
    "item.summary_of": "Resumen de {document} (no reproduce la redacción del informe):",
    "item.current": "Respuesta de su delegación: {answer}",
    "item.current_by": "Respuesta de su delegación: {answer} (última modificación por {who})",
    "item.amendment_line": "Enmienda: {text}",
    "item.comment_line": "Comentario: {text}",
    "recorded": "Respuesta a {ref} registrada: {position}.",
    "recorded.unchanged": "Respuesta a {ref} sin cambios: {position}.",
    "ask.amendment": "Escriba la enmienda que su delegación propone a {ref} (en un solo mensaje).",
    "ask.comment": "Si lo desea, añada un comentario sobre {ref}, o continúe.",
    "ask.comment.typed": "Si lo desea, añada un comentario sobre {ref} (línea vacía: sin comentarios).",
    "comment.saved": "Se guardó el comentario sobre {ref}.",
    "amendment.saved": "Se guardó la enmienda a {ref}.",
    "review.title": "Revisión · {delegation} · {title}",
    "review.line": "{ref} {title}: {position}",
    "receipt.line": "{ref}: {position}",
    "review.line_amendment": "    enmienda: {text}",
    "review.line_comment": "    comentario: {text}",
    "review.progress": "Respuestas dadas: {answered} de {total}.",
    "review.ready": "Todas las recomendaciones tienen respuesta. Preséntelas cuando su delegación esté lista.",
    "review.missing": "Aún sin respuesta: {refs}.",
    "review.submitted": "Última presentación: {when} (acuse de recibo {receipt}).",
    "review.changed_since": (
        "Hay respuestas modificadas desde esa presentación: vuelva a presentarlas para actualizar el acuse de recibo."
    ),
    "review.cannot_submit": "Solo el punto focal de su delegación puede presentar las respuestas ({names}).",
    "review.no_focal_point": (
        "No hay ningún punto focal registrado para {delegation}, por lo que nadie puede presentar las respuestas "
        "todavía. Un coordinador lo designa con `consultbot invite CODE --role focal_point`."
    ),
    "round.closed_notice": (
        "La ronda «{title}» se cerró el {when}: las respuestas quedan fijadas y ya no pueden presentarse."
    ),
    "receipt.title": "Acuse de recibo {receipt}",
    "receipt.text": (
        (
            "{delegation} presentó {count} respuesta sobre «{title}» el {when}.\n"
            "Número del acuse de recibo: {receipt}.\n"
            "Las respuestas pueden modificarse hasta el {deadline}; cada nueva presentación genera "
            "un nuevo acuse de recibo."
        ),
        (
            "{delegation} presentó {count} respuestas sobre «{title}» el {when}.\n"
            "Número del acuse de recibo: {receipt}.\n"
            "Las respuestas pueden modificarse hasta el {deadline}; cada nueva presentación genera "
            "un nuevo acuse de recibo."
        ),
    ),
    "receipt.by": "Presentado por {who}. Contenido de la presentación:",
    "receipt.amendment": "enmienda {text}",
    "receipt.comment": "comentario {text}",
    "receipt.counts": (
        "Enmiendas: {amendments}; comentarios: {comments}, tal como se presentaron. Escriba acuse "
        "para volver a ver este resumen."
    ),
    "status.delegation": "{delegation} · {title}",
    "status.line": "Respuestas dadas: {answered} de {total} · {state}.",
    "status.deadline": "Plazo: {deadline} ({left}).",
    "state.not_started": "sin comenzar",
    "state.in_progress": "en curso",
    "state.submitted": "presentado",
    "help.title": "Cómo responder",
    "help.text": (
        "Responda a cada recomendación con los botones (o escriba la posición).\n"
        "Comandos:\n"
        "  revisar: todas las respuestas de su delegación y, después, la presentación\n"
        "  modificar REF: modificar una respuesta, por ejemplo modificar CL-3\n"
        "  atrás / omitir: recomendación anterior o siguiente\n"
        "  estado: grado de avance de su delegación\n"
        "  presentar: presentar las respuestas de su delegación\n"
        "  acuse: el último acuse de recibo de su delegación y lo que se presentó\n"
        "  rondas: las rondas de consultas abiertas\n"
        "  huso ZONE: su huso horario, por ejemplo huso Europe/Madrid\n"
        "  ayuda: este texto"
    ),
    "help.text.console": (
        "Responda a cada recomendación escribiendo el número de una opción (o la posición en "
        "palabras).\n"
        "Comandos:\n"
        "  revisar: todas las respuestas de su delegación y, después, la presentación\n"
        "  modificar REF: modificar una respuesta, por ejemplo modificar CL-3\n"
        "  atrás / omitir: recomendación anterior o siguiente\n"
        "  estado: grado de avance de su delegación\n"
        "  presentar: presentar las respuestas de su delegación\n"
        "  rondas: las rondas de consultas abiertas\n"
        "  huso ZONE: su huso horario, por ejemplo huso Europe/Madrid\n"
        "  ayuda: este texto; quit, Ctrl-D o Ctrl-C: salir (sus respuestas quedan guardadas)"
    ),
    "help.coordinator": (
        "Comandos del coordinador:\n"
        "  status ROUND: grado de avance de cada delegación\n"
        "  open ROUND / close ROUND / extend ROUND 2027-01-31T18:00-05:00\n"
        "  remind ROUND: enviar un recordatorio a las delegaciones que no han presentado sus respuestas\n"
        "  digest [ROUND]: el boletín en este momento"
    ),
    "help.digest": (
        "Comandos del boletín:\n"
        "  digest [ROUND]: el boletín en este momento\n"
        "  status ROUND: grado de avance de cada delegación"
    ),
    "rounds.choose": "Rondas de consultas abiertas: elija una.",
    "rounds.none": "En este momento no hay ninguna ronda de consultas abierta para {delegation}.",
    "timezone.set": "Su huso horario es ahora {zone}.",
    "timezone.bad": "«{zone}» no es un huso horario reconocido. Ejemplo: huso Europe/Madrid",
    "language.set": "Idioma seleccionado: {language}.",
    "language.bad": "Ese idioma no está disponible. Idiomas disponibles: {languages}.",
    # times
    "time.new_york": "{when} · Nueva York {new_york}",
    "time.left": "tiempo restante: {duration}",
    "time.closed": "vencido",
    # forms
    "form.amendment.button": "Redactar la enmienda…",
    "form.comment.button": "Añadir un comentario…",
    "form.amendment.title": "Enmienda",
    "form.comment.title": "Comentario",
    "form.amendment.label": "La enmienda que propone su delegación",
    "form.comment.label": "El comentario de su delegación",
    "form.save": "Guardar",
    "form.cancel": "Cancelar",
    # joining
    "join.ok": "Le damos la bienvenida, {name}. Esta cuenta habla ahora en nombre de {delegation} ({role}).",
    "join.bad_code": "Ese código de invitación no es válido. Compruébelo o solicite uno nuevo a la Secretaría.",
    "join.used_code": "Ese código de invitación ya se ha utilizado. Solicite uno nuevo a la Secretaría.",
    "join.expired_code": "Ese código de invitación ha caducado. Solicite uno nuevo a la Secretaría.",
    "join.slow_down": (
        ("Demasiados códigos erróneos desde esta cuenta. Vuelva a intentarlo dentro de {count} minuto."),
        ("Demasiados códigos erróneos desde esta cuenta. Vuelva a intentarlo dentro de {count} minutos."),
    ),
    # coordinators
    "round.opened": ("La ronda {slug} está abierta: {invited} invitaciones en cola para {delegations} delegaciones."),
    "round.closed": "La ronda {slug} está cerrada.",
    "round.already_open": "La ronda {slug} ya está abierta desde el {since}; no se puso nada en cola.",
    "round.already_closed": "La ronda {slug} ya está cerrada desde el {since}; no se modificó nada.",
    "round.extended": "Ronda {slug}: nuevo plazo {deadline}.",
    "round.reminded": (
        "Ronda {slug}: {count} recordatorio en cola.",
        "Ronda {slug}: {count} recordatorios en cola.",
    ),
    "round.status.title": "{title} · {slug} · {status}",
    "round.status.line": (
        "{submitted} han presentado · {in_progress} en curso · {not_started} sin comenzar (de {total} delegaciones)"
    ),
    "round.status.group": "{group}: {submitted}/{total} han presentado, {in_progress} en curso",
    # pushes
    "invite.title": "Consulta: {title}",
    "invite.text": (
        (
            "La Secretaría invita a {delegation} a dar a conocer su posición sobre {count} "
            "recomendación.\n"
            "Plazo: {deadline}.\n"
            "Las respuestas pueden modificarse hasta esa fecha; preséntelas en nombre de su "
            "delegación cuando esté lista."
        ),
        (
            "La Secretaría invita a {delegation} a dar a conocer sus posiciones sobre {count} "
            "recomendaciones.\n"
            "Plazo: {deadline}.\n"
            "Las respuestas pueden modificarse hasta esa fecha; preséntelas en nombre de su "
            "delegación cuando esté lista."
        ),
    ),
    "remind.title": "Recordatorio: {title}",
    "remind.text": (
        "{delegation} ha respondido a {answered} de {total} recomendaciones y aún no ha presentado sus respuestas.\n"
        "Plazo: {deadline}."
    ),
    "deadline.title": "Plazo modificado: {title}",
    "deadline.text": (
        "El plazo para las respuestas de {delegation} vence ahora el {deadline}.\n"
        "Las respuestas pueden modificarse hasta esa fecha; preséntelas en nombre de su delegación cuando "
        "esté lista."
    ),
    # e-mail to contacts
    "mail.invite.greeting": "Estimado/a {name}:",
    "mail.invite.text": (
        "La Secretaría invita a {delegation} a dar a conocer sus posiciones en la consulta «{title}» "
        "({count} recomendaciones)."
    ),
    "mail.invite.deadline": "Plazo: {deadline}.",
    "mail.invite.asked": (
        "Para cada recomendación, su delegación elige apoyo, apoyo con enmiendas, oposición, reserva (a la "
        "espera de instrucciones de la capital) o sin posición, con un comentario si lo desea. Las respuestas "
        "pueden modificarse hasta que venza el plazo; un punto focal las presenta en nombre de la delegación."
    ),
    "mail.invite.code": "Su código de invitación personal (de un solo uso, válido hasta el {expires}): {code}",
    "mail.invite.how": "Para responder, únase a la consulta de una de las siguientes maneras:",
    "mail.join.telegram": "Abrir en Telegram",
    "mail.join.web": "Responder en un navegador web",
    "mail.way.telegram": (
        "Telegram: pulse «Abrir en Telegram» más abajo (en un teléfono o una computadora con Telegram)."
    ),
    "mail.way.web": "Web: pulse «Responder en un navegador web» más abajo.",
    "mail.way.slack": "Slack: escriba {line} en cualquier canal de su espacio de trabajo.",
    "mail.remind.join": (
        "Aún no se ha unido a la consulta: utilice el código que figura en su correo electrónico de invitación, "
        "o responda a este mensaje para solicitar uno nuevo a la Secretaría."
    ),
    "mail.remind.joined": "Continúe donde lo dejó en su conversación con el bot de la consulta.",
    # errors
    "error.generic": "Se ha producido un error en nuestro sistema. Vuelva a intentarlo en unos instantes.",
    "error.not_invited": (
        "Esta cuenta aún no está vinculada a ninguna delegación. Utilice el código de invitación que le envió "
        "la Secretaría: join CODE"
    ),
    "error.not_allowed": "No está autorizado/a a realizar esa operación.",
    "error.unknown_round": "No existe ninguna ronda «{slug}».",
    "error.unknown_recommendation": "No existe ninguna recomendación «{ref}» en esta ronda.",
    "error.unknown_stakeholder": "No existe ninguna delegación «{code}».",
    "error.no_open_round": "En este momento no hay ninguna ronda de consultas abierta para su delegación.",
    "error.round_closed": "La ronda «{title}» se cerró el {deadline}; las respuestas quedan fijadas.",
    "error.round_not_open": "La ronda «{title}» no está abierta ({status}).",
    "error.bad_input": "{reason}",
    "error.bad_round_file": "El archivo de la ronda presenta problemas: {problems}",
    "error.too_long": "Ese texto es demasiado largo ({length} caracteres; máximo {limit}). No se guardó nada.",
    "error.empty": "Ese texto está vacío. No se guardó nada.",
    "error.empty_round": ("La ronda {slug} está vacía: ninguna delegación ha respondido todavía. No se escribió nada."),
    "error.no_submission": (
        "Ninguna delegación ha presentado todavía sus respuestas en la ronda {slug}. No se escribió nada.{hint}"
    ),
    "error.no_receipt": (
        "{delegation} aún no ha presentado sus respuestas en esta ronda: no hay ningún acuse de recibo."
    ),
    "error.amendment_needed": (
        "«Apoyo con enmiendas» sobre {ref} requiere el texto de la enmienda. No se guardó nada."
    ),
    "error.incomplete": (
        "No se presentó: {count} recomendación aún no tiene respuesta ({refs}).",
        "No se presentó: {count} recomendaciones aún no tienen respuesta ({refs}).",
    ),
    "error.conflict": "Otra persona modificó esto en el mismo momento. Vuelva a intentarlo.",
    "error.unknown_command": "No he entendido «{text}». Escriba ayuda para ver los comandos.",
    "error.stale_button": "Ese botón corresponde a una ronda que ya no está disponible.",
    "error.try_again": "El servicio está saturado. Vuelva a intentarlo en breve; no se ha perdido nada.",
    "error.cannot_save": (
        "No se guardó nada: el servicio no puede escribir en su base de datos ({reason}). "
        "Se ha avisado a la Secretaría; vuelva a intentarlo más tarde."
    ),
    # the digest
    "digest.title": "Boletín de la consulta · {date}",
    "digest.chart_title": "Posiciones y participación · {title}",
    "digest.chart_of": "El gráfico se refiere a «{title}».",
    "digest.no_round": "No hay ninguna ronda de consultas abierta.",
    "digest.quiet_all": "Una semana tranquila: nada que señalar.",
    "digest.since_opened": "la apertura de la ronda",
    "digest.more": {
        "{shown} and {more} more": "{shown} y {more} más",
        (
            "{count} more",
            "{count} more",
        ): (
            "{count} más",
            "{count} más",
        ),
    },
    "digest.lead.round": "{title}: plazo {deadline}, {left}.",
    "digest.lead.coverage": {
        (
            "{submitted} of {total} delegations submitted ({percent}%) · {in_progress} in progress · "
            "{not_started} not started."
        ): (
            "{submitted} de {total} delegaciones han presentado sus respuestas ({percent} %) · "
            "{in_progress} en curso · {not_started} sin comenzar."
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
                "Delegaciones que han presentado sus respuestas: {submitted} de {count} ({percent}) "
                "· {in_progress} en curso · {not_started} sin comenzar."
            ),
            (
                "Delegaciones que han presentado sus respuestas: {submitted} de {count} ({percent}) "
                "· {in_progress} en curso · {not_started} sin comenzar."
            ),
        ),
    },
    "digest.lead.unsubmitted": {
        (" {count} with changes not submitted (positions count what was submitted)."): (
            " {count} con cambios no presentados (las posiciones cuentan lo que se presentó)."
        ),
        (
            (" {count} with changes not submitted (positions count what was submitted)."),
            (" {count} with changes not submitted (positions count what was submitted)."),
        ): (
            (" {count} con cambios no presentados (las posiciones cuentan lo que se presentó)."),
            (" {count} con cambios no presentados (las posiciones cuentan lo que se presentó)."),
        ),
    },
    "digest.lead.activity": (
        "Desde {since}: presentaciones {submitted} · inicios {started} · posiciones modificadas {positions} · "
        "comentarios nuevos {comments}."
    ),
    "digest.lead.quiet": "Una semana tranquila: ninguna respuesta, presentación ni comentario nuevos desde {since}.",
    "digest.lead.contested": "Las más controvertidas: {items}.",
    "digest.section.groups": "Participación por grupo regional",
    "digest.section.other_groups": "Otros grupos",
    "digest.group": (
        "{group}: {submitted} de {total} han presentado · {in_progress} en curso · {not_started} sin comenzar"
    ),
    "digest.section.changes": "Cambios desde {since}",
    "digest.changes.none": "Nada nuevo: ninguna respuesta, presentación ni comentario.",
    "digest.changes.submitted": "Presentaron sus respuestas ({count}, de la más reciente a la más antigua): {names}",
    "digest.changes.resubmitted": (
        "Volvieron a presentar sus respuestas ({count}, de la más reciente a la más antigua): {names}"
    ),
    "digest.changes.started": "Comenzaron a responder ({count}): {names}",
    "digest.changes.counts": (
        "Respuestas nuevas {answers} · posiciones modificadas {positions} · comentarios nuevos {comments}"
    ),
    "digest.changes.shifts": "Mayores cambios: {items}",
    "digest.changes.latest": "Últimos cambios:",
    "digest.change.position": "{when} · {delegation} · {ref}: {before} → {after}",
    "digest.change.comment": "{when} · {delegation} · {ref}: «{comment}»",
    "digest.section.contested": "Las más controvertidas",
    "digest.contested.definition": (
        "Proporción de oposiciones y reservas entre las respuestas dadas (sin posición cuenta como respuesta, "
        "el silencio no); {floor} respuestas como mínimo; en caso de empate, primero la que tiene más objeciones."
    ),
    "digest.contested.line": {
        ("{ref} {title}: {percent}% ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title}: {percent} % ({dissent} de {answers}: {oppose} oposición, {reserve} reserva)"
        ),
        ("{ref} {title}: {percent} ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title}: {percent} ({dissent} de {answers}: {oppose} oposición, {reserve} reserva)"
        ),
    },
    "digest.contested.none": "Hasta ahora ninguna recomendación ha suscitado oposición ni reservas.",
    "digest.section.positions": "Posiciones por recomendación",
    "digest.positions.legend": "Recuento: {labels}",
    "digest.pos.support": "apoyo",
    "digest.pos.support_with_amendments": "con enmiendas",
    "digest.pos.oppose": "oposición",
    "digest.pos.reserve": "reserva",
    "digest.pos.no_position": "sin posición",
    "digest.pos.no_objection": "sin objeciones",
    "digest.pos.none": "sin respuesta",
    "digest.section.not_started": "Sin comenzar ({count})",
    "digest.not_started.group": "{group} ({count}): {names}",
    "digest.not_started.none": "Todas las delegaciones han comenzado.",
    "digest.not_started.full": "La lista completa: consultbot round status {slug}",
    "digest.section.problems": "Problemas de entrega",
    "digest.problems.person": "{delegation} · {participant} ({channel})",
    "digest.problems.unreachable": "Participantes a los que no se puede contactar ({count}): {names}",
    "digest.problems.dead": "Mensajes abandonados ({count}): {kinds}",
    "digest.problems.none": (
        "Ninguno: toda delegación que aún no ha presentado sus respuestas tiene a alguien a quien el bot "
        "puede contactar."
    ),
    "digest.problems.nobody": "Delegaciones sin nadie a quien contactar ({count}): {names}",
    "digest.section.deadlines": "Próximos plazos",
    "digest.deadline": "{title}: {deadline}, {left}",
    "digest.deadline.reminder": "próximo recordatorio {when}",
    "digest.deadline.opens": "{title} se abre {when}",
    "digest.deadline.none": "No hay plazos próximos.",
    "digest.col.group": "Grupo",
    "digest.col.all": "Todas las delegaciones",
    "digest.col.submitted": "Han presentado",
    "digest.col.in_progress": "En curso",
    "digest.col.not_started": "Sin comenzar",
    "digest.col.total": "Total",
    "digest.col.recommendation": "Recomendación",
    "digest.col.answers": "Respuestas",
    "digest.chart.delegations": "delegaciones",
    "digest.chart.percent": "% de las delegaciones del grupo (etiquetas: han presentado / total)",
    # the web pages
    "web.skip": "Ir al contenido",
    "web.brand": "consultbot",
    "web.signed_in_as": "Sesión iniciada como {name}, {delegation}",
    "web.sign_out": "Cerrar sesión",
    "web.signed_out": (
        "Ha cerrado la sesión. Utilice un nuevo enlace enviado por la Secretaría para volver a iniciarla."
    ),
    "web.login.title": "Iniciar sesión",
    "web.login.text": "Este enlace de un solo uso inicia su sesión en nombre de {delegation}. Solo funciona una vez.",
    "web.login.button": "Iniciar sesión",
    "web.refused.title": "Este enlace no puede utilizarse",
    "web.refused.session": "Inicie sesión con el enlace que le envió la Secretaría.",
    "web.forbidden": "Esta página no corresponde a su función.",
    "web.csrf": "Este formulario ha caducado. Vuelva a cargar la página e inténtelo de nuevo; no se guardó nada.",
    "web.rounds.title": "Sus consultas",
    "web.rounds.none": "En este momento no hay ninguna consulta para su delegación.",
    "web.round.deadline": "Plazo: {deadline}",
    "web.progress": "Respuestas dadas: {answered} de {total}",
    "web.positions": "Posición",
    "web.amendment": "Enmienda (necesaria para «Apoyo con enmiendas»)",
    "web.comment": "Comentario (opcional)",
    "web.save": "Guardar {ref}",
    "web.saved": "Guardado",
    "web.unanswered": "Aún sin respuesta",
    "web.review": "Revisar y presentar",
    "web.review.title": "Revisión: {title}",
    "web.back_to_answers": "Volver a las respuestas",
    "web.edit": "Modificar {ref}",
    "web.submit": "Presentar en nombre de {delegation}",
    "web.receipt": "Su acuse de recibo",
    "web.closed": "Esta ronda ya no admite respuestas.",
    "web.coord.title": "Consultas",
    "web.coord.round": "Ronda",
    "web.coord.state": "Estado",
    "web.coord.deadline": "Plazo",
    "web.coord.coverage": "Han presentado",
    "web.coord.in_progress": "En curso",
    "web.coord.delegations": "Delegaciones por grupo regional",
    "web.coord.filter": "Mostrar",
    "web.coord.filter.all": "todas las delegaciones",
    "web.coord.filter.pending": "las que aún deben responder",
    "web.coord.filter.apply": "Filtrar",
    "web.coord.delegation": "Delegación",
    "web.coord.answered": "Respondidas",
    "web.coord.submitted_at": "Presentada el",
    "web.coord.receipt": "Acuse de recibo",
    "web.coord.changed": "Modificada desde la presentación",
    "web.coord.none": "No hay nadie en esta lista.",
    "web.coord.positions": "Posiciones por recomendación",
    "web.coord.chart": "Gráfico de las posiciones por recomendación y de la participación por grupo",
    "web.coord.recommendation": "Recomendación",
    "web.coord.problems": "Problemas de entrega",
    "web.coord.no_problems": "No hay problemas de entrega.",
    "web.coord.unreachable": "No se puede contactar a {participant} ({stakeholder}) por {channel}",
    "web.coord.dead": "{kind} a {chat} por {channel} abandonado: {error}",
    "web.coord.downloads": "Descargas",
    "web.coord.actions": "Acciones",
    "web.coord.open": "Abrir la ronda",
    "web.coord.remind": "Enviar un recordatorio ahora",
    "web.coord.extend": "Prorrogar el plazo",
    "web.coord.close": "Cerrar la ronda",
    "web.coord.new_deadline": "Nuevo plazo ({zone})",
    "web.coord.confirm": "Sírvase confirmar: {action} «{title}».",
    "web.coord.confirm.yes": "Sí: {action}",
    "web.coord.cancel": "Cancelar",
    "web.coord.all_rounds": "Todas las consultas",
    "web.coord.read_only": "Puede consultar esta ronda; solo los coordinadores pueden actuar sobre ella.",
    "digest.chart.headline": "{date} · {submitted} de {total} han presentado",
    "digest.chart.closed": "cerrada",
    "digest.chart.empty": "Aún no hay respuestas",
    "digest.chart.scale": "delegaciones que respondieron (de {total})",
    "digest.chart.more": {
        "… and {count} more recommendations: see the digest's text": (
            "… y {count} recomendaciones más: véase el texto del boletín"
        ),
        (
            "… and {count} more recommendation: see the digest's text",
            "… and {count} more recommendations: see the digest's text",
        ): (
            "… y {count} recomendación más: véase el texto del boletín",
            ("… y {count} recomendaciones más: véase el texto del boletín"),
        ),
    },
    # facilitators and questions
    "question.button": "Hacer una pregunta",
    "question.how": "Para preguntar al facilitador de «{section}», envíe: pregunta {ref} SU PREGUNTA",
    "question.usage": "Uso: pregunta REF SU PREGUNTA, por ejemplo pregunta CL-3 ¿Abarca esto …?",
    "question.sent": (
        "Su pregunta {label} sobre {ref} se envió al facilitador ({who}). La respuesta llegará aquí, solo para "
        "su delegación."
    ),
    "question.list_title": "Preguntas · {title}",
    "question.none": "Aún no hay preguntas.",
    "question.answer_usage": "Uso: answer Q-12 SU RESPUESTA",
    "question.answer_sent": (
        "Su respuesta a {label} se envió solo a {stakeholder}. Para compartirla con todas las delegaciones: "
        "publish {label}"
    ),
    "question.publish_usage": "Uso: publish Q-12",
    "question.published": "{label} se ha publicado: todas las delegaciones la ven en {ref}.",
    "question.already_published": "{label} ya se ha publicado.",
    "role.delegate": "delegado/a",
    "role.focal_point": "punto focal",
    "role.coordinator": "coordinador/a",
    "role.digest": "destinatario/a del boletín",
    "item.title": "{ref} · {title}",
    "word.help": "ayuda",
    "word.status": "estado",
    "word.review": "revisar|revisión|revision",
    "word.submit": "presentar",
    "word.receipt": "acuse|recibo",
    "word.edit": "modificar|editar",
    "word.back": "atrás|atras|anterior",
    "word.skip": "omitir|siguiente",
    "word.rounds": "rondas",
    "word.continue": "continuar",
    "word.timezone": "huso",
    "word.language": "idioma",
    "word.question": "pregunta",
    "word.join": "unirse",
    "word.no_comment": "sin comentarios|sin comentario|ningún comentario|ningun comentario",
    "word.position.support": "sí|si|apoyar|a favor",
    "word.position.oppose": "no|en contra",
    "word.position.support_with_amendments": "enmendar|enmienda|enmiendas",
    "word.position.reserve": "reserva",
    "word.position.no_position": "ninguna|ninguna posición|ninguna posicion",
    "round.status.views": (
        "Otras partes interesadas (opiniones, contabilizadas aparte): {submitted} han presentado, {in_progress} en "
        "curso, {not_started} sin comenzar, de {total}"
    ),
    # keys added on wip/dialogue, wip/content, wip/mailweb and wip/texts (used once EN has them)
    "nav.add_comment": "Añadir un comentario sobre {ref}",
    "nav.change_comment": "Modificar el comentario sobre {ref}",
    "ask.amendment.first": (
        "La respuesta a {ref} se registrará cuando llegue la enmienda; hasta entonces, la respuesta "
        "de su delegación no cambia."
    ),
    "changed.by_you": "Usted (en otra conversación o ventana)",
    "changed.by_system": "El sistema",
    "changed.comment": (
        "{who} modificó {ref} el {when}: ahora es {position}. Su comentario no se guardó, porque se "
        "redactó para la respuesta que usted veía. Vuelva a añadirlo a continuación si sigue siendo "
        "pertinente."
    ),
    "changed.amendment": (
        "{who} modificó {ref} el {when}: ahora es {position}. Su enmienda no se guardó, porque se "
        "redactó para la respuesta que usted veía. Vuelva a elegir a continuación."
    ),
    "changed.typed": "Lo que usted escribió: «{text}»",
    "changed.review": (
        "Las respuestas cambiaron desde que abrió la revisión (último cambio: {ref}, ahora "
        "{position}, por {who} el {when}). No se presentó nada: compruebe la revisión a continuación "
        "y vuelva a presentar si es correcta."
    ),
    "submit.unanswered.title": "Recomendaciones sin respuesta: {count}",
    "submit.unanswered": (
        "{count} de {total} recomendaciones aún no tienen respuesta: {refs}.\n"
        "Para presentar ahora, todas se registran como «{position}» para {delegation} y todo se "
        "presenta en un solo paso. O bien, respóndalas primero."
    ),
    "nav.no_position_submit": "«Sin posición» para {count} y presentar",
    "digest.problems.stranded": (
        "Mensajes en espera de un canal que no está configurado ({channels}), {count} en total, "
        "para: {names}. Vuelva a configurar el canal o comuníquese con estas personas por otra vía."
    ),
    "content.unofficial": "Traducción no oficial: el texto de referencia es el original en {language}.",
    "content.untranslated": "Aún no traducido a su idioma: se muestra en el original en {language}.",
    "email.deadline.new_york": "{when}, es decir, {new_york} en Nueva York",
    "email.masthead": "Naciones Unidas · Consultas",
    "email.footer": (
        "Enviado por consultbot en nombre de la Secretaría de las Naciones Unidas. Responda a este "
        "mensaje para escribir al equipo de consultas de la Secretaría."
    ),
    "email.subject.default": "Consulta",
    "web.position_on": "Posición sobre {ref}",
    "web.choose_position": "Elija una posición para {ref}.",
    "web.bad_form": (
        "No se pudo leer este formulario. Vuelva a cargar la página e inténtelo de nuevo; no se guardó nada."
    ),
    "web.not_found": "Esa página no existe.",
    "web.coord.compilation": "Compilación (Word)",
    "web.status.draft": "borrador",
    "web.status.open": "abierta",
    "web.status.closed": "cerrada",
    "web.yes": "sí",
    "web.language": "Idioma",
    "web.language.apply": "Cambiar",
    "web.role.delegate": "delegado/a",
    "web.role.focal_point": "punto focal",
    "web.role.coordinator": "coordinador/a",
    "web.role.digest": "destinatario/a del boletín",
    "digest.contested.item": "{ref} ({percent})",
    "digest.kind.invitation": (
        "{count} invitación",
        "{count} invitaciones",
    ),
    "digest.kind.reminder": (
        "{count} recordatorio",
        "{count} recordatorios",
    ),
    "digest.kind.deadline": (
        "{count} aviso de plazo",
        "{count} avisos de plazo",
    ),
    "digest.kind.digest": (
        "{count} boletín",
        "{count} boletines",
    ),
    "digest.kind.question": (
        "{count} pregunta",
        "{count} preguntas",
    ),
    "digest.kind.answer": (
        "{count} respuesta a una pregunta",
        "{count} respuestas a preguntas",
    ),
    "digest.kind.clarification": (
        "{count} aclaración",
        "{count} aclaraciones",
    ),
    "digest.kind.area-digest": (
        "{count} boletín de área",
        "{count} boletines de área",
    ),
    "digest.section.views": (
        "Opiniones de otras partes interesadas (contabilizadas aparte de las posiciones de los Estados Miembros)"
    ),
    "digest.views.group": "Otras partes interesadas (opiniones)",
    "digest.group.none": "(sin grupo)",
    "question.received.title": "Pregunta {label} · {ref} · {delegation}",
    "question.received.text": (
        "{delegation} pregunta, sobre {ref} «{title}» ({section}):\n"
        "\n"
        "{question}\n"
        "\n"
        "Responda con: answer {label} SU RESPUESTA (solo la recibe {delegation}); después, para "
        "compartirla con todas las delegaciones: publish {label}"
    ),
    "question.answered.title": "Respuesta a {label} · {ref}",
    "question.answered.text": ("Su pregunta sobre {ref}:\n{question}\n\nRespuesta del facilitador:\n{answer}"),
    "question.clarification.title": "Aclaración sobre {ref}",
    "question.clarification.text": ("Aclaración {label} sobre {ref}:\nP: {question}\nR: {answer}"),
    "followup.error.not_a_question": "«{raw}» no es un número de pregunta (por ejemplo, Q-12).",
    "followup.error.no_recommendation": "La ronda {slug} no tiene ninguna recomendación «{ref}».",
    "followup.error.no_facilitator": (
        "Todavía nadie facilita «{section}» en esta ronda; no se envió nada. Consulte a los coordinadores."
    ),
    "followup.error.no_question": "No existe la pregunta {raw}.",
    "followup.error.answered": "{label} ya tiene respuesta; publish {label} para compartirla.",
    "followup.error.unanswered": "{label} aún no tiene respuesta: primero answer {label} SU RESPUESTA.",
    "area.title": "Boletín semanal de su área · {title}",
    "area.head": (
        "Su área: {section} ({count} recomendación)",
        "Su área: {section} ({count} recomendaciones)",
    ),
    "area.states": (
        "Posiciones de los Estados Miembros ({count} consultado):",
        "Posiciones de los Estados Miembros ({count} consultados):",
    ),
    "area.views": (
        "Opiniones de otras partes interesadas ({count} consultada):",
        "Opiniones de otras partes interesadas ({count} consultadas):",
    ),
    "area.held": "{position} {count}",
    "area.none_yet": "ninguna todavía",
    "area.notes": (
        "Enmiendas y comentarios ({count}):",
        "Enmiendas y comentarios ({count}):",
    ),
    "area.note": "{ref} {delegation} ({kind}): {text}",
    "area.kind.amendment": "enmienda",
    "area.kind.comment": "comentario",
    "area.none": "ninguno",
    "area.questions": (
        "Preguntas pendientes ({count}):",
        "Preguntas pendientes ({count}):",
    ),
    "followup.clarifications.heading": (
        "Aclaraciones publicadas por los facilitadores ({count})",
        "Aclaraciones publicadas por los facilitadores ({count})",
    ),
    "followup.clarifications.line": "{label} {ref}: {question} → {answer}",
    "followup.clarifications.none": "Todavía no se ha publicado ninguna.",
    "followup.track.heading": "Seguimiento (estado de la aplicación)",
    "followup.track.per_area": "Estado por área:",
    "followup.track.area": "{section}: {counts}",
    "followup.track.count": (
        "{count} {status}",
        "{count} {status}",
    ),
    "followup.track.moved": (
        "Qué cambió ({count}):",
        "Qué cambió ({count}):",
    ),
    "followup.track.move": "{ref} → {status}{lead}{note}, {date}, por {by}",
    "followup.track.move.lead": " (responsable: {lead})",
    "followup.track.move.note": ": {note}",
    "followup.track.moved_none": "Qué cambió: nada esta semana.",
    "followup.track.apart": "Las posiciones y la aplicación divergen:",
    "followup.track.apart_line": (
        "{ref} está en curso mientras que {oppose} de las {answers} respuestas de los Estados "
        "Miembros se oponen ({percent})"
    ),
    "followup.track.apart_none": (
        "Posiciones y aplicación: ninguna recomendación en curso encuentra una fuerte oposición."
    ),
    "followup.status.implemented": "aplicada en el marco de los mandatos existentes",
    "followup.status.in_progress": "en curso",
    "followup.status.decision": "requiere una decisión intergubernamental",
    "followup.status.discussion": "en examen",
    "followup.status.not_pursued": "descartada",
    "followup.status.not_tracked": "sin seguimiento",
    "question.line.other": "{label} {ref} ({state}): {question}",
    "question.line.own": "{label} {ref} ({state}, suya): {question}",
    "question.state.answered": "respondida",
    "question.state.open": "abierta",
    "question.state.published": "publicada",
    # the terminal's own words
    "console.goodbye": "Sus respuestas se han guardado. Hasta pronto.",
    "console.end_of_input": "Fin de la entrada: sus respuestas se han guardado. Hasta pronto.",
    "console.number_as_text": (
        "¿Guardar «{text}» como su texto? Escriba y para guardarlo, cualquier otra cosa para volver a escribirlo."
    ),
    "console.not_saved": "No se ha guardado: escriba su texto.",
    "console.image": "(una imagen de {size} bytes: utilice un canal de mensajería o --format png)",
    "console.message_for": "Mensaje para {chat}",
    # the UN's regional groups, by their official names
    "group.african": "Grupo de los Estados de África",
    "group.asia_pacific": "Grupo de los Estados de Asia y el Pacífico",
    "group.eastern_european": "Grupo de los Estados de Europa Oriental",
    "group.latin_american_caribbean": "Grupo de los Estados de América Latina y el Caribe",
    "group.western_european_others": "Grupo de los Estados de Europa Occidental y otros Estados",
}
