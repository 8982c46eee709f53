"""Every text a person reads: the English source by key, and the reader's language from gettext.

`EN` is the source: its key is the gettext message context (msgctxt) and its English text the msgid.
A pair of texts is a plural (singular, plural) and is chosen by the `count` parameter with the
language's CLDR rules. The translations live in `bot/locale/<lang>/LC_MESSAGES/consultbot.po`
(see the README, Translations); a text missing there reads in English, so a partial translation
never breaks the dialogue. Texts are plain (no markup): adapters escape and format them.

For a right-to-left reader (Arabic), every placeholder value written left to right (refs, document
symbols, numbers, names, dates in digits) is isolated with FSI … PDI, and the navigation arrows
point the way the reader reads.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from bot.domain.model import Position
from bot.i18n import formats
from bot.i18n.translations import translations

#: An English text, or a (singular, plural) pair chosen by `count`.
Source = str | tuple[str, str]

EN: Mapping[str, Source] = {
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
    # roles, as a person reads them
    "role.delegate": "delegate",
    "role.focal_point": "focal point",
    "role.coordinator": "coordinator",
    "role.digest": "digest reader",
    # the dialogue
    "welcome": "Welcome, {name}. You speak for {delegation} ({role}).",
    "welcome.round": (
        "Round: {title}. {count} recommendation; answers can be changed until {deadline}.",
        "Round: {title}. {count} recommendations; answers can be changed until {deadline}.",
    ),
    "item.title": "{ref} · {title}",
    "item.header": "{index} of {total} · {section}",
    "item.summary_of": "Summary of {document} (not the report's wording):",
    "content.unofficial": "Unofficial translation: the {language} original is the text of reference.",
    "content.untranslated": "Not yet translated into your language: shown in the original {language}.",
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
    "comment.unchanged": "Comment on {ref} already saved.",
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
        "{delegation} submitted {count} answer to “{title}” on {when}.\n"
        "Receipt number: {receipt}.\n"
        "Answers stay editable until {deadline}; submitting again issues a new receipt.",
        "{delegation} submitted {count} answers to “{title}” on {when}.\n"
        "Receipt number: {receipt}.\n"
        "Answers stay editable until {deadline}; submitting again issues a new receipt.",
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
    # times (bot/i18n/timefmt.py)
    "time.new_york": "{when} · New York {new_york}",
    "time.left": "{duration} left",
    "time.closed": "closed",
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
    "join.slow_down": (
        "Too many wrong codes from this account. Try again in {count} minute.",
        "Too many wrong codes from this account. Try again in {count} minutes.",
    ),
    # coordinators
    "round.opened": "Round {slug} is open: {invited} invitations queued to {delegations} delegations.",
    "round.closed": "Round {slug} is closed.",
    "round.already_open": "Round {slug} is already open since {since}; nothing was queued.",
    "round.already_closed": "Round {slug} is already closed since {since}; nothing changed.",
    "round.extended": "Round {slug}: new deadline {deadline}.",
    "round.reminded": ("Round {slug}: {count} reminder queued.", "Round {slug}: {count} reminders queued."),
    "round.status.title": "{title} · {slug} · {status}",
    "round.status.line": (
        "{submitted} submitted · {in_progress} in progress · {not_started} not started (of {total} delegations)"
    ),
    "round.status.group": "{group}: {submitted}/{total} submitted, {in_progress} in progress",
    # pushes
    "invite.title": "Consultation: {title}",
    "invite.text": (
        "The Secretariat invites {delegation} to give its position on {count} recommendation.\n"
        "Deadline: {deadline}.\n"
        "Answers can be changed until then; submit for your delegation when ready.",
        "The Secretariat invites {delegation} to give its positions on {count} recommendations.\n"
        "Deadline: {deadline}.\n"
        "Answers can be changed until then; submit for your delegation when ready.",
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
    # e-mail to contacts (bot/outreach/mailing.py)
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
    # what the e-mail channel adds around every message (adapters/email)
    "email.masthead": "United Nations · Consultations",
    "email.footer": (
        "Sent by consultbot for the United Nations Secretariat. "
        "Reply to this message to write to the Secretariat's consultation team."
    ),
    "email.subject.default": "Consultation",
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
    "error.incomplete": (
        "Not submitted: {count} recommendation is not answered yet ({refs}).",
        "Not submitted: {count} recommendations are not answered yet ({refs}).",
    ),
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
    "digest.more": ("{count} more", "{count} more"),
    "digest.lead.round": "{title}: deadline {deadline}, {left}.",
    "digest.lead.coverage": (
        "{submitted} of {count} delegation submitted ({percent}) · {in_progress} in progress · "
        "{not_started} not started.",
        "{submitted} of {count} delegations submitted ({percent}) · {in_progress} in progress · "
        "{not_started} not started.",
    ),
    "digest.lead.unsubmitted": (
        " {count} with changes not submitted (positions count what was submitted).",
        " {count} with changes not submitted (positions count what was submitted).",
    ),
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
    "digest.contested.line": "{ref} {title}: {percent} ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)",
    "digest.contested.item": "{ref} ({percent})",
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
    "digest.kind.invitation": ("{count} invitation", "{count} invitations"),
    "digest.kind.reminder": ("{count} reminder", "{count} reminders"),
    "digest.kind.deadline": ("{count} deadline notice", "{count} deadline notices"),
    "digest.kind.digest": ("{count} digest", "{count} digests"),
    "digest.kind.question": ("{count} question", "{count} questions"),
    "digest.kind.answer": ("{count} answer to a question", "{count} answers to questions"),
    "digest.kind.clarification": ("{count} clarification", "{count} clarifications"),
    "digest.kind.area-digest": ("{count} area digest", "{count} area digests"),
    "digest.section.views": "Views of other stakeholders (counted apart from Member States' positions)",
    "digest.views.group": "Other stakeholders (views)",
    "digest.group.none": "(no group)",
    # the UN's regional groups, by their official names (bot/digest/sections.py)
    "group.african": "African Group",
    "group.asia_pacific": "Asia-Pacific Group",
    "group.eastern_european": "Eastern European Group",
    "group.latin_american_caribbean": "Latin American and Caribbean Group",
    "group.western_european_others": "Western European and Others Group",
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
    "digest.chart.percent": "Share of the group's delegations, in % (labels: submitted of total)",
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
    "web.choose_position": "Choose a position for {ref}.",
    "web.bad_form": "This form could not be read. Reload the page and try again; nothing was saved.",
    "web.not_found": "There is no such page.",
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
    "web.coord.compilation": "Compilation (Word)",
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
    "web.status.draft": "draft",
    "web.status.open": "open",
    "web.status.closed": "closed",
    "web.yes": "yes",
    "web.language": "Language",
    "web.language.apply": "Change",
    "web.role.delegate": "delegate",
    "web.role.focal_point": "focal point",
    "web.role.coordinator": "coordinator",
    "web.role.digest": "digest reader",
    "digest.chart.headline": "{date} · {submitted} of {total} submitted",
    "digest.chart.closed": "closed",
    "digest.chart.empty": "No answers yet",
    "digest.chart.scale": "delegations that answered (of {total})",
    "digest.chart.more": (
        "… and {count} more recommendation: see the digest's text",
        "… and {count} more recommendations: see the digest's text",
    ),
    # facilitators and questions (bot/coordinator/followup.py)
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
    # the terminal's own words (adapters/console.py)
    "console.goodbye": "Your answers are saved. Goodbye.",
    "console.end_of_input": "End of input: your answers are saved. Goodbye.",
    "console.number_as_text": "Save “{text}” as your text? Type y to save it, anything else to retype.",
    "console.not_saved": "Not saved: type your text.",
    "console.image": "(an image of {size} bytes: use a chat channel or --format png)",
    "console.message_for": "Message for {chat}",
    # questions to facilitators, their answers and clarifications (bot/coordinator/followup.py)
    "question.line.own": "{label} {ref} ({state}, yours): {question}",
    "question.line.other": "{label} {ref} ({state}): {question}",
    "question.state.open": "open",
    "question.state.answered": "answered",
    "question.state.published": "published",
    "question.received.title": "Question {label} · {ref} · {delegation}",
    "question.received.text": (
        "{delegation} asks, on {ref} “{title}” ({section}):\n\n{question}\n\n"
        "Answer with: answer {label} YOUR ANSWER (it goes to {delegation} only); "
        "then, to share it with every delegation: publish {label}"
    ),
    "question.answered.title": "Answer to {label} · {ref}",
    "question.answered.text": "Your question on {ref}:\n{question}\n\nThe facilitator answers:\n{answer}",
    "question.clarification.title": "Clarification on {ref}",
    "question.clarification.text": "Clarification {label} on {ref}:\nQ: {question}\nA: {answer}",
    "followup.error.not_a_question": "“{raw}” is not a question number (e.g. Q-12).",
    "followup.error.no_recommendation": "Round {slug} has no recommendation “{ref}”.",
    "followup.error.no_facilitator": (
        "Nobody facilitates “{section}” in this round yet; nothing was sent. Ask the coordinators."
    ),
    "followup.error.no_question": "There is no question {raw}.",
    "followup.error.answered": "{label} is answered already; publish {label} to share it.",
    "followup.error.unanswered": "{label} has no answer yet: answer {label} YOUR ANSWER first.",
    # a facilitator's weekly digest of their area (bot/coordinator/followup.py)
    "area.title": "Weekly digest of your area · {title}",
    "area.head": (
        "Your area: {section} ({count} recommendation)",
        "Your area: {section} ({count} recommendations)",
    ),
    "area.states": (
        "Member States' positions ({count} in the audience):",
        "Member States' positions ({count} in the audience):",
    ),
    "area.views": (
        "Other stakeholders' views ({count} in the audience):",
        "Other stakeholders' views ({count} in the audience):",
    ),
    "area.held": "{position} {count}",
    "area.none_yet": "none yet",
    "area.notes": ("Amendments and comments ({count}):", "Amendments and comments ({count}):"),
    "area.note": "{ref} {delegation} ({kind}): {text}",
    "area.kind.amendment": "amendment",
    "area.kind.comment": "comment",
    "area.none": "none",
    "area.questions": ("Open questions ({count}):", "Open questions ({count}):"),
    # the follow-up's sections of the digest (bot/coordinator/followup.py)
    "followup.clarifications.heading": (
        "Clarifications published by the facilitators ({count})",
        "Clarifications published by the facilitators ({count})",
    ),
    "followup.clarifications.line": "{label} {ref}: {question} → {answer}",
    "followup.clarifications.none": "None published yet.",
    "followup.track.heading": "Follow-up track (implementation status)",
    "followup.track.per_area": "Status per area:",
    "followup.track.area": "{section}: {counts}",
    "followup.track.count": ("{count} {status}", "{count} {status}"),
    "followup.track.moved": ("What moved ({count}):", "What moved ({count}):"),
    "followup.track.move": "{ref} → {status}{lead}{note}, {date} by {by}",
    "followup.track.move.lead": " (lead {lead})",
    "followup.track.move.note": ": {note}",
    "followup.track.moved_none": "What moved: nothing this week.",
    "followup.track.apart": "Positions and implementation pull apart:",
    "followup.track.apart_line": (
        "{ref} is in progress while {oppose} of {answers} Member States' answers oppose it ({percent})"
    ),
    "followup.track.apart_none": "Positions and implementation: no recommendation in progress meets strong opposition.",
    "followup.status.implemented": "implemented under existing mandates",
    "followup.status.in_progress": "in progress",
    "followup.status.decision": "requires intergovernmental decision",
    "followup.status.discussion": "under discussion",
    "followup.status.not_pursued": "not pursued",
    "followup.status.not_tracked": "not tracked",
    "round.status.views": (
        "Other stakeholders (views, counted apart): {submitted} submitted, {in_progress} in progress, "
        "{not_started} not started, of {total}"
    ),
    # command words a reader may type in their own language (English always works too)
    "word.help": "help",
    "word.status": "status",
    "word.review": "review",
    "word.submit": "submit",
    "word.receipt": "receipt",
    "word.edit": "edit",
    "word.back": "back",
    "word.skip": "skip",
    "word.rounds": "rounds",
    "word.continue": "continue",
    "word.timezone": "timezone",
    "word.language": "language",
    "word.question": "question",
    "word.join": "join",
    "word.no_comment": "no comment",
    # position words a reader may type (besides the labels above)
    "word.position.support": "yes",
    "word.position.oppose": "no",
    "word.position.support_with_amendments": "amend",
    "word.position.reserve": "reserve",
    "word.position.no_position": "none",
    # one tap per answer; a comment, amendment or submit applies to what its author saw (bot/dialogue/answering.py)
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
    # delivery problems: messages waiting for a channel no longer configured (bot/records/status.py)
    "digest.problems.stranded": (
        "Messages waiting for a channel that is not configured ({channels}), {count} in all, for: {names}. "
        "Configure the channel again, or reach these people another way."
    ),
}

#: Notes for translators, by key prefix (extracted into the .pot as comments).
NOTES: Mapping[str, str] = {
    "word.": (
        "A word the reader may type, lower case; give several separated by | if usual. "
        "English is always understood too."
    ),
    "nav.": "Keep the arrow: for a right-to-left language the bot points it the reader's way.",
    "console.number_as_text": "Keep the letter y: the terminal takes y (or yes) in every language.",
    "console.image": "Keep --format png as it is: it is an option of the consultbot command.",
}

#: For a right-to-left reader, "back" points right and "forward" points left, whatever the .po has.
_RTL_ARROWS = {
    "nav.back": str.maketrans({"◀": "▶"}),
    "nav.skip": str.maketrans({"▶": "◀"}),
    "nav.no_comment": str.maketrans({"▶": "◀"}),
}
_ASCII_LTR = re.compile(r"[A-Za-z0-9]")
_LTR_CLASSES = frozenset({"L", "EN", "AN", "ES", "ET", "CS", "LRE", "LRO"})


def note(key: str) -> str:
    """The translators' note for a key ("" when none)."""
    return next((text for prefix, text in NOTES.items() if key.startswith(prefix)), "")


def text(language: str, key: str, /, **params: object) -> str:
    """The text for `key` in the reader's `language` (English when missing), with `params` filled in.

    A plural key takes its form from `count`. For a right-to-left language every left-to-right
    value is isolated and the navigation arrows are mirrored.
    """
    lang = formats.language_of(language)
    source = EN[key]
    if isinstance(source, tuple):
        count = params.get("count", 0)
        n = count if isinstance(count, int) else 0
        if lang == "en":
            template = source[0] if n == 1 else source[1]
        else:
            template = _mirrored(lang, key, translations(lang).npgettext(key, source[0], source[1], n))
    elif lang == "en":
        template = source
    else:
        template = _template(translations(lang), lang, key)
    if lang == "en":
        return template.format(**params) if params else template
    if lang in formats.RIGHT_TO_LEFT:
        values = {name: _isolated(_localised(value, lang)) for name, value in params.items()}
    else:
        values = {name: _localised(value, lang) for name, value in params.items()}
    return template.format(**values) if params else template


@lru_cache(maxsize=4096)  # a few hundred keys per language
def _template(catalogue: gettext.NullTranslations, lang: str, key: str) -> str:
    """The translated template of a key that has no plural, its arrows mirrored for right to left.

    Remembered by the catalogue as loaded, so that texts read again from the files are used.
    """
    source = EN[key]
    assert isinstance(source, str), key
    return _mirrored(lang, key, catalogue.pgettext(key, source))


def _mirrored(lang: str, key: str, template: str) -> str:
    """For a right-to-left language, "back" points right and "forward" points left."""
    arrows = _RTL_ARROWS.get(key) if lang in formats.RIGHT_TO_LEFT else None
    return template.translate(arrows) if arrows is not None else template


def _localised(value: object, language: str) -> object:
    """Whole numbers with the language's digits and separators."""
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.integer(value, language)
    return value


def _isolated(value: object) -> object:
    """A value that holds any left-to-right character (or digit), between FSI and PDI."""
    shown = str(value)
    return formats.isolate(shown) if _needs_isolating(shown) else value


@lru_cache(maxsize=4096)  # the same references, labels and titles on every screen
def _needs_isolating(shown: str) -> bool:
    """True for a text that holds a left-to-right character (or digit) and is not isolated yet."""
    if not shown or (shown[0] == formats.FSI and shown[-1] == formats.PDI):
        return False
    return bool(_ASCII_LTR.search(shown)) or any(unicodedata.bidirectional(ch) in _LTR_CLASSES for ch in shown)


def position_label(language: str, position: Position | None) -> str:
    """The label of a position ("not answered yet" for None)."""
    return text(language, f"position.{position.value}" if position else "position.none")


def words(language: str, key: str) -> tuple[str, ...]:
    """What a reader may type for a word key: the English word and the language's own (lower case)."""
    found = [str(EN[key])]
    if formats.language_of(language) != "en":
        found += text(language, key).split("|")
    return tuple(dict.fromkeys(w.strip().casefold() for w in found if w.strip()))
