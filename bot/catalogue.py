"""Every text a person reads, by key and language; other languages are added here.

Texts are plain (no markup): adapters escape and format them for their channel. A key missing in a
language falls back to English, so a partial translation never breaks the dialogue.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.model import Position

EN: Mapping[str, str] = {
    # positions
    "position.support": "Support",
    "position.support_with_amendments": "Support with amendments",
    "position.oppose": "Oppose",
    "position.reserve": "Reserve (awaiting capital)",
    "position.no_position": "No position",
    "position.no_objection": "No objection (silence)",
    "position.none": "not answered yet",
    # navigation
    "nav.back": "◀ Back",
    "nav.skip": "Skip ▶",
    "nav.review": "Review all",
    "nav.no_comment": "No comment ▶",
    "nav.submit": "Submit for {delegation}",
    "nav.continue": "Continue",
    "nav.first_unanswered": "Go to {ref}",
    "nav.open_round": "{title}",
    # the dialogue
    "welcome": "Welcome, {name}. You speak for {delegation} ({role}).",
    "welcome.round": ("Round: {title}. {count} recommendations; answers can be changed until {deadline}."),
    "item.header": "{index} of {total} · {section}",
    "item.summary_of": "Summary of {document} (not the report's wording):",
    "item.current": "Your delegation's answer: {answer}",
    "item.current_by": "Your delegation's answer: {answer} (last changed by {who})",
    "item.amendment_line": "Amendment: {text}",
    "item.comment_line": "Comment: {text}",
    "recorded": "{ref} recorded: {position}.",
    "recorded.unchanged": "{ref} unchanged: {position}.",
    "ask.amendment": "Type the amendment your delegation proposes to {ref} (one message).",
    "ask.comment": "Add a comment on {ref} if you wish, or continue.",
    "ask.comment.typed": "Add a comment on {ref} if you wish (empty line: no comment).",
    "comment.saved": "Comment on {ref} saved.",
    "amendment.saved": "Amendment to {ref} saved.",
    "review.title": "Review · {delegation} · {title}",
    "review.line": "{ref} {title}: {position}",
    "receipt.line": "{ref}: {position}",
    "review.line_amendment": "    amendment: {text}",
    "review.line_comment": "    comment: {text}",
    "review.progress": "{answered} of {total} answered.",
    "review.ready": "All recommendations are answered. Submit when your delegation is ready.",
    "review.missing": "Not answered yet: {refs}.",
    "review.submitted": "Last submitted {when} (receipt {receipt}).",
    "review.changed_since": "Answers changed since that submission: submit again to update the receipt.",
    "review.cannot_submit": "Only your delegation's focal point may submit ({names}).",
    "review.no_focal_point": (
        "No focal point is registered for {delegation}, so nobody can submit yet: a coordinator appoints one with "
        "`consultbot invite CODE --role focal_point`."
    ),
    "round.closed_notice": "The round “{title}” closed on {when}: answers are frozen and can no longer be submitted.",
    "receipt.title": "Receipt {receipt}",
    "receipt.text": (
        "{delegation} submitted {answered} answers to “{title}” on {when}.\n"
        "Receipt number: {receipt}.\n"
        "Answers stay editable until {deadline}; submitting again issues a new receipt."
    ),
    "receipt.by": "Submitted by {who}. What was submitted:",
    "receipt.amendment": "amendment {text}",
    "receipt.comment": "comment {text}",
    "receipt.counts": "{amendments} amendments and {comments} comments, as submitted. Type receipt to see this again.",
    "status.delegation": "{delegation} · {title}",
    "status.line": "{answered} of {total} answered · {state}.",
    "status.deadline": "Deadline: {deadline} ({left}).",
    "state.not_started": "not started",
    "state.in_progress": "in progress",
    "state.submitted": "submitted",
    "help.title": "How to answer",
    "help.text": (
        "Answer each recommendation with the buttons (or type the position).\n"
        "Commands:\n"
        "  review: all your delegation's answers, then submit\n"
        "  edit REF: change one answer, e.g. edit CL-3\n"
        "  back / skip: previous or next recommendation\n"
        "  status: how far your delegation is\n"
        "  submit: submit your delegation's answers\n"
        "  receipt: your delegation's latest receipt and what it submitted\n"
        "  rounds: the open rounds\n"
        "  timezone ZONE: your time zone, e.g. timezone Europe/Paris\n"
        "  help: this text"
    ),
    "help.text.console": (
        "Answer each recommendation by typing the number of a choice (or the position in words).\n"
        "Commands:\n"
        "  review: all your delegation's answers, then submit\n"
        "  edit REF: change one answer, e.g. edit CL-3\n"
        "  back / skip: previous or next recommendation\n"
        "  status: how far your delegation is\n"
        "  submit: submit your delegation's answers\n"
        "  rounds: the open rounds\n"
        "  timezone ZONE: your time zone, e.g. timezone Europe/Paris\n"
        "  help: this text; quit, Ctrl-D or Ctrl-C: leave (your answers are saved)"
    ),
    "help.coordinator": (
        "Coordinator commands:\n"
        "  status ROUND: progress of every delegation\n"
        "  open ROUND / close ROUND / extend ROUND 2027-01-31T18:00-05:00\n"
        "  remind ROUND: remind delegations that have not submitted\n"
        "  digest [ROUND]: the digest now"
    ),
    "help.digest": "Digest commands:\n  digest [ROUND]: the digest now\n  status ROUND: progress of every delegation",
    "rounds.choose": "Open rounds: choose one.",
    "rounds.none": "There is no open round for {delegation} at the moment.",
    "timezone.set": "Your time zone is now {zone}.",
    "timezone.bad": "“{zone}” is not a time zone I know. Example: timezone Europe/Paris",
    "language.set": "Language set to {language}.",
    "language.bad": "That language is not available. Available: {languages}.",
    # forms (a channel that opens a form for free text)
    "form.amendment.button": "Write the amendment…",
    "form.comment.button": "Add a comment…",
    "form.amendment.title": "Amendment",
    "form.comment.title": "Comment",
    "form.amendment.label": "The amendment your delegation proposes",
    "form.comment.label": "Your delegation's comment",
    "form.save": "Save",
    "form.cancel": "Cancel",
    # joining
    "join.ok": "Welcome, {name}. This account now speaks for {delegation} ({role}).",
    "join.bad_code": "That invitation code is not valid. Check it, or ask the Secretariat for a new one.",
    "join.used_code": "That invitation code has already been used. Ask the Secretariat for a new one.",
    "join.expired_code": "That invitation code has expired. Ask the Secretariat for a new one.",
    "join.slow_down": "Too many wrong codes from this account. Try again in {minutes} minutes.",
    # coordinators
    "round.opened": "Round {slug} is open: {invited} invitations queued to {delegations} delegations.",
    "round.closed": "Round {slug} is closed.",
    "round.already_open": "Round {slug} is already open since {since}; nothing was queued.",
    "round.already_closed": "Round {slug} is already closed since {since}; nothing changed.",
    "round.extended": "Round {slug}: new deadline {deadline}.",
    "round.reminded": "Round {slug}: {count} reminders queued.",
    "round.status.title": "{title} · {slug} · {status}",
    "round.status.line": (
        "{submitted} submitted · {in_progress} in progress · {not_started} not started (of {total} delegations)"
    ),
    "round.status.group": "{group}: {submitted}/{total} submitted, {in_progress} in progress",
    # pushes
    "invite.title": "Consultation: {title}",
    "invite.text": (
        "The Secretariat invites {delegation} to give its positions on {count} recommendations.\n"
        "Deadline: {deadline}.\n"
        "Answers can be changed until then; submit for your delegation when ready."
    ),
    "remind.title": "Reminder: {title}",
    "remind.text": (
        "{delegation} has answered {answered} of {total} recommendations and has not submitted yet.\n"
        "Deadline: {deadline}."
    ),
    "deadline.title": "Deadline moved: {title}",
    "deadline.text": (
        "The deadline for {delegation}'s answers is now {deadline}.\n"
        "Answers can be changed until then; submit for your delegation when ready."
    ),
    # e-mail to contacts (bot/mailing.py)
    "mail.invite.greeting": "Dear {name},",
    "mail.invite.text": (
        "The Secretariat invites {delegation} to give its positions in the consultation “{title}” "
        "({count} recommendations)."
    ),
    "mail.invite.deadline": "Deadline: {deadline}.",
    "mail.invite.asked": (
        "For each recommendation your delegation chooses support, support with amendments, oppose, "
        "reserve (pending instructions from capital) or no position, with a comment if it wishes. "
        "Answers can be changed until the deadline; a focal point submits for the delegation."
    ),
    "mail.invite.code": "Your personal invitation code (single use, valid until {expires}): {code}",
    "mail.invite.how": "To answer, join the consultation in one of these ways:",
    "mail.join.telegram": "Open in Telegram",
    "mail.join.web": "Answer in a web browser",
    "mail.way.telegram": "Telegram: press “Open in Telegram” below (on a phone or a computer with Telegram).",
    "mail.way.web": "Web: press “Answer in a web browser” below.",
    "mail.way.slack": "Slack: type {line} in any channel of your workspace.",
    "mail.remind.join": (
        "You have not joined yet: use the code in your invitation e-mail, "
        "or reply to this message to ask the Secretariat for a new one."
    ),
    "mail.remind.joined": "Continue where you left off in your chat with the consultation bot.",
    # errors
    "error.generic": "Something went wrong on our side. Please try again in a moment.",
    "error.not_invited": (
        "This account is not linked to a delegation yet. Use the invitation code the Secretariat sent you: join CODE"
    ),
    "error.not_allowed": "You are not allowed to do that.",
    "error.unknown_round": "There is no round “{slug}”.",
    "error.unknown_recommendation": "There is no recommendation “{ref}” in this round.",
    "error.unknown_stakeholder": "There is no delegation “{code}”.",
    "error.no_open_round": "There is no open round for your delegation at the moment.",
    "error.round_closed": "The round “{title}” closed on {deadline}; answers are frozen.",
    "error.round_not_open": "The round “{title}” is not open ({status}).",
    "error.bad_input": "{reason}",
    "error.bad_round_file": "The round file has problems: {problems}",
    "error.too_long": "That text is too long ({length} characters; at most {limit}). Nothing was saved.",
    "error.empty": "That text is empty. Nothing was saved.",
    "error.empty_round": "Round {slug} is empty: no delegation has answered yet. Nothing was written.",
    "error.no_submission": "No delegation has submitted in round {slug} yet. Nothing was written.{hint}",
    "error.no_receipt": "{delegation} has not submitted in this round yet: there is no receipt.",
    "error.amendment_needed": "“Support with amendments” on {ref} needs the amendment text. Nothing was saved.",
    "error.incomplete": "Not submitted: {count} recommendations are not answered yet ({refs}).",
    "error.conflict": "Someone changed this at the same moment. Please try again.",
    "error.unknown_command": "I did not understand “{text}”. Type help for the commands.",
    "error.stale_button": "That button belongs to a round that is no longer available.",
    "error.try_again": "The service is busy. Please try again shortly; nothing was lost.",
    "error.cannot_save": "Nothing was saved: the service cannot write to its database ({reason}). "
    "The Secretariat is alerted; please try again later.",
    # the digest (bot/digest)
    "digest.title": "Consultation digest · {date}",
    "digest.chart_title": "Positions and coverage · {title}",
    "digest.chart_of": "The chart shows “{title}”.",
    "digest.no_round": "No consultation round is open.",
    "digest.quiet_all": "A quiet week: nothing to report.",
    "digest.since_opened": "the round opened",
    "digest.more": "{shown} and {more} more",
    "digest.lead.round": "{title}: deadline {deadline}, {left}.",
    "digest.lead.coverage": (
        "{submitted} of {total} delegations submitted ({percent}%) · {in_progress} in progress · "
        "{not_started} not started."
    ),
    "digest.lead.unsubmitted": " {count} with changes not submitted (positions count what was submitted).",
    "digest.lead.activity": (
        "Since {since}: submitted {submitted} · started {started} · positions changed {positions} · "
        "new comments {comments}."
    ),
    "digest.lead.quiet": "A quiet week: no new answers, submissions or comments since {since}.",
    "digest.lead.contested": "Most contested: {items}.",
    "digest.section.groups": "Coverage by regional group",
    "digest.section.other_groups": "Other groups",
    "digest.group": "{group}: {submitted} of {total} submitted · {in_progress} in progress · {not_started} not started",
    "digest.section.changes": "Changes since {since}",
    "digest.changes.none": "Nothing new: no answers, submissions or comments.",
    "digest.changes.submitted": "Submitted ({count}, newest first): {names}",
    "digest.changes.resubmitted": "Submitted again ({count}, newest first): {names}",
    "digest.changes.started": "Started answering ({count}): {names}",
    "digest.changes.counts": "New answers {answers} · positions changed {positions} · new comments {comments}",
    "digest.changes.shifts": "Biggest shifts: {items}",
    "digest.changes.latest": "Latest changes:",
    "digest.change.position": "{when} · {delegation} · {ref}: {before} → {after}",
    "digest.change.comment": "{when} · {delegation} · {ref}: “{comment}”",
    "digest.section.contested": "Most contested",
    "digest.contested.definition": (
        "Share of oppose + reserve among the answers given (no position counts as an answer, silence "
        "does not); at least {floor} answers; ties: more objections first."
    ),
    "digest.contested.line": "{ref} {title}: {percent}% ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)",
    "digest.contested.none": "No recommendation is opposed or reserved so far.",
    "digest.section.positions": "Positions per recommendation",
    "digest.positions.legend": "Counts: {labels}",
    "digest.pos.support": "support",
    "digest.pos.support_with_amendments": "with amendments",
    "digest.pos.oppose": "oppose",
    "digest.pos.reserve": "reserve",
    "digest.pos.no_position": "no position",
    "digest.pos.no_objection": "no objection",
    "digest.pos.none": "none",
    "digest.section.not_started": "Not started ({count})",
    "digest.not_started.group": "{group} ({count}): {names}",
    "digest.not_started.none": "Every delegation has started.",
    "digest.not_started.full": "The full list: consultbot round status {slug}",
    "digest.section.problems": "Delivery problems",
    "digest.problems.person": "{delegation} · {participant} ({channel})",
    "digest.problems.unreachable": "Unreachable participants ({count}): {names}",
    "digest.problems.dead": "Messages given up on ({count}): {kinds}",
    "digest.problems.none": "None: every delegation yet to submit has someone the bot can reach.",
    "digest.problems.nobody": "Delegations with nobody to reach ({count}): {names}",
    "digest.section.deadlines": "Deadlines ahead",
    "digest.deadline": "{title}: {deadline}, {left}",
    "digest.deadline.reminder": "next reminder {when}",
    "digest.deadline.opens": "{title} opens {when}",
    "digest.deadline.none": "No deadline ahead.",
    "digest.col.group": "Group",
    "digest.col.all": "All delegations",
    "digest.col.submitted": "Submitted",
    "digest.col.in_progress": "In progress",
    "digest.col.not_started": "Not started",
    "digest.col.total": "Total",
    "digest.col.recommendation": "Recommendation",
    "digest.col.answers": "Answers",
    "digest.chart.delegations": "delegations",
    "digest.chart.percent": "% of the group's delegations (labels: submitted of total)",
    # the web pages (adapters/web): labels around the texts above
    "web.skip": "Skip to the content",
    "web.brand": "consultbot",
    "web.signed_in_as": "Signed in as {name}, {delegation}",
    "web.sign_out": "Sign out",
    "web.signed_out": "You are signed out. Use a new link from the Secretariat to sign in again.",
    "web.login.title": "Sign in",
    "web.login.text": "This one-time link signs you in for {delegation}. It works once.",
    "web.login.button": "Sign in",
    "web.refused.title": "This link cannot be used",
    "web.refused.session": "Sign in with the link the Secretariat sent you.",
    "web.forbidden": "This page is not for your role.",
    "web.csrf": "This form has expired. Reload the page and try again; nothing was saved.",
    "web.rounds.title": "Your consultations",
    "web.rounds.none": "There is no consultation for your delegation at the moment.",
    "web.round.deadline": "Deadline: {deadline}",
    "web.progress": "{answered} of {total} answered",
    "web.positions": "Position",
    "web.amendment": "Amendment (needed for “Support with amendments”)",
    "web.comment": "Comment (optional)",
    "web.save": "Save {ref}",
    "web.saved": "Saved",
    "web.unanswered": "Not answered yet",
    "web.review": "Review and submit",
    "web.review.title": "Review: {title}",
    "web.back_to_answers": "Back to the answers",
    "web.edit": "Change {ref}",
    "web.submit": "Submit for {delegation}",
    "web.receipt": "Your receipt",
    "web.closed": "This round no longer accepts answers.",
    "web.coord.title": "Consultations",
    "web.coord.round": "Round",
    "web.coord.state": "State",
    "web.coord.deadline": "Deadline",
    "web.coord.coverage": "Submitted",
    "web.coord.in_progress": "In progress",
    "web.coord.delegations": "Delegations by regional group",
    "web.coord.filter": "Show",
    "web.coord.filter.all": "all delegations",
    "web.coord.filter.pending": "who still needs to answer",
    "web.coord.filter.apply": "Filter",
    "web.coord.delegation": "Delegation",
    "web.coord.answered": "Answered",
    "web.coord.submitted_at": "Submitted",
    "web.coord.receipt": "Receipt",
    "web.coord.changed": "Changed since submission",
    "web.coord.none": "Nobody in this list.",
    "web.coord.positions": "Positions per recommendation",
    "web.coord.chart": "Chart of the positions per recommendation and of the coverage by group",
    "web.coord.recommendation": "Recommendation",
    "web.coord.problems": "Delivery problems",
    "web.coord.no_problems": "No delivery problems.",
    "web.coord.unreachable": "{participant} ({stakeholder}) cannot be reached on {channel}",
    "web.coord.dead": "{kind} to {chat} on {channel} given up: {error}",
    "web.coord.downloads": "Downloads",
    "web.coord.actions": "Actions",
    "web.coord.open": "Open the round",
    "web.coord.remind": "Send a reminder now",
    "web.coord.extend": "Extend the deadline",
    "web.coord.close": "Close the round",
    "web.coord.new_deadline": "New deadline ({zone})",
    "web.coord.confirm": "Please confirm: {action} “{title}”.",
    "web.coord.confirm.yes": "Yes, {action}",
    "web.coord.cancel": "Cancel",
    "web.coord.all_rounds": "All consultations",
    "web.coord.read_only": "You can see this round; only coordinators act on it.",
    "digest.chart.headline": "{date} · {submitted} of {total} submitted",
    "digest.chart.closed": "closed",
    "digest.chart.empty": "No answers yet",
    "digest.chart.scale": "delegations that answered (of {total})",
    "digest.chart.more": "… and {count} more recommendations: see the digest's text",
    # facilitators and questions (bot/followup.py)
    "question.button": "Ask a question",
    "question.how": "To ask the facilitator of “{section}”, send: question {ref} YOUR QUESTION",
    "question.usage": "Usage: question REF YOUR QUESTION, e.g. question CL-3 Does this cover …?",
    "question.sent": (
        "Your question {label} on {ref} went to the facilitator ({who}). The answer will come here, to your "
        "delegation only."
    ),
    "question.list_title": "Questions · {title}",
    "question.none": "No questions yet.",
    "question.answer_usage": "Usage: answer Q-12 YOUR ANSWER",
    "question.answer_sent": (
        "Your answer to {label} went to {stakeholder} only. To share it with every delegation: publish {label}"
    ),
    "question.publish_usage": "Usage: publish Q-12",
    "question.published": "{label} is published: every delegation sees it under {ref}.",
    "question.already_published": "{label} is published already.",
    "round.status.views": (
        "Other stakeholders (views, counted apart): {submitted} submitted, {in_progress} in progress, "
        "{not_started} not started, of {total}"
    ),
    # one tap per answer; a comment, amendment or submit applies to what its author saw (bot/answering.py)
    "nav.add_comment": "Add a comment on {ref}",
    "nav.change_comment": "Change the comment on {ref}",
    "ask.amendment.first": (
        "{ref} is recorded once the amendment arrives; until then your delegation's answer is unchanged."
    ),
    "changed.by_you": "You (in another chat or window)",
    "changed.by_system": "The system",
    "changed.comment": (
        "{who} changed {ref} on {when}: it is now {position}. Your comment was not saved, because it was "
        "written for the answer you saw. Add it again below if it still applies."
    ),
    "changed.amendment": (
        "{who} changed {ref} on {when}: it is now {position}. Your amendment was not saved, because it was "
        "written for the answer you saw. Choose again below."
    ),
    "changed.typed": "What you wrote: “{text}”",
    "changed.review": (
        "The answers changed since you opened the review (latest change: {ref}, now {position}, by {who} on "
        "{when}). Nothing was submitted: check the review below and submit again if it is right."
    ),
    "submit.unanswered.title": "{count} recommendations unanswered",
    "submit.unanswered": (
        "{count} of {total} recommendations have no answer yet: {refs}.\n"
        "To submit now, they are all recorded as “{position}” for {delegation} and everything is submitted, "
        "in one step. Or answer them first."
    ),
    "nav.no_position_submit": "Mark {count} “No position” and submit",
    # delivery problems: messages waiting for a channel no longer configured (bot/status.py)
    "digest.problems.stranded": (
        "Messages waiting for a channel that is not configured ({channels}), {count} in all, for: {names}. "
        "Configure the channel again, or reach these people another way."
    ),
}

FR: Mapping[str, str] = {
    "position.support": "Appui",
    "position.support_with_amendments": "Appui avec amendements",
    "position.oppose": "Opposition",
    "position.reserve": "Réserve (instructions de la capitale)",
    "position.no_position": "Sans position",
    "nav.back": "◀ Retour",
    "nav.skip": "Passer ▶",
    "nav.review": "Tout revoir",
    "nav.no_comment": "Sans commentaire ▶",
    "nav.submit": "Soumettre pour {delegation}",
    "item.header": "{index} sur {total} · {section}",
    "item.summary_of": "Résumé de {document} (pas le texte du rapport) :",
    "item.current": "Réponse de votre délégation : {answer}",
    "recorded": "{ref} enregistré : {position}.",
    "ask.comment": "Ajoutez un commentaire sur {ref} si vous le souhaitez, ou continuez.",
    "error.generic": "Une erreur s'est produite de notre côté. Veuillez réessayer dans un instant.",
}

CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": EN, "fr": FR}


def text(language: str, key: str, /, **params: object) -> str:
    """The text for `key` in `language` (English when missing), with `params` filled in."""
    template = CATALOGUES.get(language, EN).get(key) or EN[key]
    return template.format(**params) if params else template


def position_label(language: str, position: Position | None) -> str:
    """The label of a position ("not answered yet" for None)."""
    return text(language, f"position.{position.value}" if position else "position.none")
