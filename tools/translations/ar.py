"""Arabic: the texts of `bot.i18n.catalogue.EN` as an Arabic-speaking delegation reads them (UN usage, formal).

Right-to-left: navigation arrows are mirrored (back points right, forward points left, "→" becomes "←").
Latin snippets written into the text (commands such as edit CL-3, Europe/Paris, Ctrl-D) are written here
between ⟦ ⟧ and become first-strong isolates (U+2068 … U+2069), so they neither flip nor make a line
left-to-right; the bot strips isolates from what people type, so a copied command still works. Shell commands
(consultbot …) are not isolated: they end their line, and a terminal must get them byte for byte. The values
filled into {placeholders} are isolated by the code that renders them, not here.

A line whose first strong character would not be Arabic (it opens with a placeholder, a ref or a Latin word)
starts with a right-to-left mark (U+200F), so that renderers which take a paragraph's direction from its first
strong character (HTML dir="auto", many chat clients) still lay it out right to left.
"""

from __future__ import annotations

import unicodedata

from . import Translation, each

_TEXTS: dict[str, Translation] = {
    # positions
    "position.support": "تأييد",
    "position.support_with_amendments": "تأييد مع تعديلات",
    "position.oppose": "معارضة",
    "position.reserve": "تحفّظ (في انتظار تعليمات العاصمة)",
    "position.no_position": "بلا موقف",
    "position.no_objection": "لا اعتراض (الصمت)",
    "position.none": "لم تتم الإجابة بعد",
    # navigation
    "nav.back": "▶ رجوع",
    "nav.skip": "تخطٍّ ◀",
    "nav.review": "مراجعة الكل",
    "nav.no_comment": "بلا تعليق ◀",
    "nav.submit": "التقديم باسم {delegation}",
    "nav.continue": "متابعة",
    "nav.first_unanswered": "الانتقال إلى {ref}",
    "nav.open_round": "{title}",
    # the dialogue
    "welcome": "مرحبًا {name}. أنتم تتحدثون باسم {delegation} ({role}).",
    "welcome.round": (
        "جولة المشاورات: {title}. لا توصيات؛ يمكن تعديل الردود حتى {deadline}.",
        "جولة المشاورات: {title}. توصية واحدة؛ يمكن تعديل الردود حتى {deadline}.",
        "جولة المشاورات: {title}. توصيتان؛ يمكن تعديل الردود حتى {deadline}.",
        "جولة المشاورات: {title}. {count} توصيات؛ يمكن تعديل الردود حتى {deadline}.",
        "جولة المشاورات: {title}. {count} توصية؛ يمكن تعديل الردود حتى {deadline}.",
        "جولة المشاورات: {title}. {count} توصية؛ يمكن تعديل الردود حتى {deadline}.",
    ),
    "item.header": "{index} من {total} · {section}",
    "item.summary_of": "موجز {document} (ليس نص التقرير):",
    "item.current": "رد وفدكم: {answer}",
    "item.current_by": "رد وفدكم: {answer} (آخر تعديل أجراه {who})",
    "item.amendment_line": "التعديل: {text}",
    "item.comment_line": "التعليق: {text}",
    "recorded": "سُجّل {ref}: {position}.",
    "recorded.unchanged": "لم يتغير {ref}: {position}.",
    "ask.amendment": "يُرجى كتابة التعديل الذي يقترحه وفدكم على {ref} (في رسالة واحدة).",
    "ask.comment": "يمكنكم إضافة تعليق على {ref} إن شئتم، أو المتابعة.",
    "ask.comment.typed": "يمكنكم إضافة تعليق على {ref} إن شئتم (سطر فارغ: بلا تعليق).",
    "comment.saved": "حُفظ التعليق على {ref}.",
    "amendment.saved": "حُفظ التعديل على {ref}.",
    "review.title": "مراجعة · {delegation} · {title}",
    "review.line": "{ref} {title}: {position}",
    "receipt.line": "{ref}: {position}",
    "review.line_amendment": "    تعديل: {text}",
    "review.line_comment": "    تعليق: {text}",
    "review.progress": "تمت الإجابة عن {answered} من {total}.",
    "review.ready": "تمت الإجابة عن جميع التوصيات. يُرجى التقديم عندما يكون وفدكم مستعدًا.",
    "review.missing": "لم تتم الإجابة بعد عن: {refs}.",
    "review.submitted": "آخر تقديم: {when} (إشعار الاستلام {receipt}).",
    "review.changed_since": "عُدّلت ردود منذ ذلك التقديم: يُرجى التقديم مجددًا لتحديث إشعار الاستلام.",
    "review.cannot_submit": "لا يجوز التقديم إلا لجهة التنسيق في وفدكم ({names}).",
    "review.no_focal_point": (
        "لا توجد جهة تنسيق مسجلة لوفد {delegation}، ولذلك لا يمكن لأحد التقديم حتى الآن. يعيّن "
        "المنسق جهة التنسيق بالأمر: \u200e`consultbot invite CODE --role focal_point`\u200e"
    ),
    "round.closed_notice": "أُغلقت الجولة «{title}» في {when}: جُمّدت الردود ولم يعد من الممكن تقديمها.",
    "receipt.title": "إشعار الاستلام {receipt}",
    "receipt.text": (
        (
            "قدّم وفد {delegation} {count} رد على «{title}» في {when}.\n"
            "رقم إشعار الاستلام: {receipt}.\n"
            "تبقى الردود قابلة للتعديل حتى {deadline}؛ ويصدر إشعار استلام جديد عند كل تقديم جديد."
        ),
        (
            "قدّم وفد {delegation} ردًّا واحدًا على «{title}» في {when}.\n"
            "رقم إشعار الاستلام: {receipt}.\n"
            "تبقى الردود قابلة للتعديل حتى {deadline}؛ ويصدر إشعار استلام جديد عند كل تقديم جديد."
        ),
        (
            "قدّم وفد {delegation} ردّين على «{title}» في {when}.\n"
            "رقم إشعار الاستلام: {receipt}.\n"
            "تبقى الردود قابلة للتعديل حتى {deadline}؛ ويصدر إشعار استلام جديد عند كل تقديم جديد."
        ),
        (
            "قدّم وفد {delegation} {count} ردود على «{title}» في {when}.\n"
            "رقم إشعار الاستلام: {receipt}.\n"
            "تبقى الردود قابلة للتعديل حتى {deadline}؛ ويصدر إشعار استلام جديد عند كل تقديم جديد."
        ),
        (
            "قدّم وفد {delegation} {count} ردًّا على «{title}» في {when}.\n"
            "رقم إشعار الاستلام: {receipt}.\n"
            "تبقى الردود قابلة للتعديل حتى {deadline}؛ ويصدر إشعار استلام جديد عند كل تقديم جديد."
        ),
        (
            "قدّم وفد {delegation} {count} رد على «{title}» في {when}.\n"
            "رقم إشعار الاستلام: {receipt}.\n"
            "تبقى الردود قابلة للتعديل حتى {deadline}؛ ويصدر إشعار استلام جديد عند كل تقديم جديد."
        ),
    ),
    "receipt.by": "قدّمه {who}. ما قُدّم:",
    "receipt.amendment": "تعديل {text}",
    "receipt.comment": "تعليق {text}",
    "receipt.counts": ("التعديلات: {amendments}، والتعليقات: {comments}، كما قُدّمت. لعرض ذلك مجددًا، اكتبوا «إيصال»."),
    "status.delegation": "{delegation} · {title}",
    "status.line": "تمت الإجابة عن {answered} من {total} · {state}.",
    "status.deadline": "الموعد النهائي: {deadline} ({left}).",
    "state.not_started": "لم يبدأ",
    "state.in_progress": "قيد الإنجاز",
    "state.submitted": "قُدّم",
    "help.title": "طريقة الرد",
    "help.text": (
        "يُرجى الرد على كل توصية باستخدام الأزرار (أو كتابة الموقف).\n"
        "الأوامر:\n"
        "  مراجعة: جميع ردود وفدكم، ثم التقديم\n"
        "  تعديل ⟦REF⟧: تعديل رد واحد، مثلًا تعديل ⟦CL-3⟧\n"
        "  رجوع / تخطٍّ: التوصية السابقة أو التالية\n"
        "  الحالة: مدى تقدّم وفدكم\n"
        "  تقديم: تقديم ردود وفدكم\n"
        "  إيصال: آخر إشعار استلام لوفدكم وما قدّمه\n"
        "  الجولات: جولات المشاورات المفتوحة\n"
        "  التوقيت ⟦ZONE⟧: منطقتكم الزمنية، مثلًا التوقيت ⟦Asia/Riyadh⟧\n"
        "  مساعدة: هذا النص"
    ),
    "help.text.console": (
        "يُرجى الرد على كل توصية بكتابة رقم الخيار (أو كتابة الموقف بالكلمات).\n"
        "الأوامر:\n"
        "  مراجعة: جميع ردود وفدكم، ثم التقديم\n"
        "  تعديل ⟦REF⟧: تعديل رد واحد، مثلًا تعديل ⟦CL-3⟧\n"
        "  رجوع / تخطٍّ: التوصية السابقة أو التالية\n"
        "  الحالة: مدى تقدّم وفدكم\n"
        "  تقديم: تقديم ردود وفدكم\n"
        "  الجولات: جولات المشاورات المفتوحة\n"
        "  التوقيت ⟦ZONE⟧: منطقتكم الزمنية، مثلًا التوقيت ⟦Asia/Riyadh⟧\n"
        "  مساعدة: هذا النص؛ ⟦quit⟧ أو ⟦Ctrl-D⟧ أو ⟦Ctrl-C⟧: الخروج (ردودكم محفوظة)"
    ),
    "help.coordinator": (
        "أوامر المنسق:\n"
        "  ⟦status ROUND⟧: تقدّم كل وفد\n"
        "  ⟦open ROUND / close ROUND / extend ROUND 2027-01-31T18:00-05:00⟧\n"
        "  ⟦remind ROUND⟧: تذكير الوفود التي لم تقدّم ردودها\n"
        "  ⟦digest [ROUND]⟧: الموجز الآن"
    ),
    "help.digest": ("أوامر الموجز:\n  ⟦digest [ROUND]⟧: الموجز الآن\n  ⟦status ROUND⟧: تقدّم كل وفد"),
    "rounds.choose": "جولات المشاورات المفتوحة: يُرجى اختيار إحداها.",
    "rounds.none": "لا توجد حاليًا جولة مشاورات مفتوحة لوفد {delegation}.",
    "timezone.set": "أصبحت منطقتكم الزمنية: {zone}.",
    "timezone.bad": "«{zone}» ليست منطقة زمنية معروفة. مثال: التوقيت ⟦Asia/Riyadh⟧",
    "language.set": "اللغة المختارة: {language}.",
    "language.bad": "هذه اللغة غير متاحة. اللغات المتاحة: {languages}.",
    # times
    "time.new_york": "{when} · نيويورك {new_york}",
    "time.left": "المتبقي: {duration}",
    "time.closed": "انقضى الموعد",
    # forms
    "form.amendment.button": "كتابة التعديل…",
    "form.comment.button": "إضافة تعليق…",
    "form.amendment.title": "التعديل",
    "form.comment.title": "التعليق",
    "form.amendment.label": "التعديل الذي يقترحه وفدكم",
    "form.comment.label": "تعليق وفدكم",
    "form.save": "حفظ",
    "form.cancel": "إلغاء",
    # joining
    "join.ok": "مرحبًا {name}. أصبح هذا الحساب يتحدث باسم {delegation} ({role}).",
    "join.bad_code": "رمز الدعوة هذا غير صالح. يُرجى التحقق منه، أو طلب رمز جديد من الأمانة العامة.",
    "join.used_code": "سبق استخدام رمز الدعوة هذا. يُرجى طلب رمز جديد من الأمانة العامة.",
    "join.expired_code": "انتهت صلاحية رمز الدعوة هذا. يُرجى طلب رمز جديد من الأمانة العامة.",
    "join.slow_down": (
        "أُدخلت رموز خاطئة كثيرة من هذا الحساب. يُرجى المحاولة مجددًا بعد {count} دقيقة.",
        "أُدخلت رموز خاطئة كثيرة من هذا الحساب. يُرجى المحاولة مجددًا بعد دقيقة واحدة.",
        "أُدخلت رموز خاطئة كثيرة من هذا الحساب. يُرجى المحاولة مجددًا بعد دقيقتين.",
        "أُدخلت رموز خاطئة كثيرة من هذا الحساب. يُرجى المحاولة مجددًا بعد {count} دقائق.",
        "أُدخلت رموز خاطئة كثيرة من هذا الحساب. يُرجى المحاولة مجددًا بعد {count} دقيقة.",
        "أُدخلت رموز خاطئة كثيرة من هذا الحساب. يُرجى المحاولة مجددًا بعد {count} دقيقة.",
    ),
    # coordinators
    "round.opened": (
        "الجولة {slug} مفتوحة: أُدرجت في قائمة الإرسال دعوات عددها {invited} موجّهة إلى وفود عددها {delegations}."
    ),
    "round.closed": "الجولة {slug} مغلقة.",
    "round.already_open": "الجولة {slug} مفتوحة أصلًا منذ {since}؛ لم يُدرج أي شيء في قائمة الإرسال.",
    "round.already_closed": "الجولة {slug} مغلقة أصلًا منذ {since}؛ لم يتغير شيء.",
    "round.extended": "الجولة {slug}: الموعد النهائي الجديد {deadline}.",
    "round.reminded": (
        "الجولة {slug}: لا تذكيرات في قائمة الإرسال.",
        "الجولة {slug}: تذكير واحد في قائمة الإرسال.",
        "الجولة {slug}: تذكيران في قائمة الإرسال.",
        "الجولة {slug}: {count} تذكيرات في قائمة الإرسال.",
        "الجولة {slug}: {count} تذكيرًا في قائمة الإرسال.",
        "الجولة {slug}: {count} تذكير في قائمة الإرسال.",
    ),
    "round.status.title": "{title} · {slug} · {status}",
    "round.status.line": (
        "قدّم: {submitted} · قيد الإنجاز: {in_progress} · لم يبدأ: {not_started} (مجموع الوفود: {total})"
    ),
    "round.status.group": "{group}: قدّم {submitted}/{total}، قيد الإنجاز: {in_progress}",
    # pushes
    "invite.title": "مشاورات: {title}",
    "invite.text": (
        (
            "تدعو الأمانة العامة وفد {delegation} إلى إبداء موقفه بشأن {count} توصية.\n"
            "الموعد النهائي: {deadline}.\n"
            "يمكن تعديل الردود حتى ذلك الموعد؛ يُرجى التقديم باسم وفدكم عندما يكون مستعدًا."
        ),
        (
            "تدعو الأمانة العامة وفد {delegation} إلى إبداء موقفه بشأن توصية واحدة.\n"
            "الموعد النهائي: {deadline}.\n"
            "يمكن تعديل الردود حتى ذلك الموعد؛ يُرجى التقديم باسم وفدكم عندما يكون مستعدًا."
        ),
        (
            "تدعو الأمانة العامة وفد {delegation} إلى إبداء مواقفه بشأن توصيتين.\n"
            "الموعد النهائي: {deadline}.\n"
            "يمكن تعديل الردود حتى ذلك الموعد؛ يُرجى التقديم باسم وفدكم عندما يكون مستعدًا."
        ),
        (
            "تدعو الأمانة العامة وفد {delegation} إلى إبداء مواقفه بشأن {count} توصيات.\n"
            "الموعد النهائي: {deadline}.\n"
            "يمكن تعديل الردود حتى ذلك الموعد؛ يُرجى التقديم باسم وفدكم عندما يكون مستعدًا."
        ),
        (
            "تدعو الأمانة العامة وفد {delegation} إلى إبداء مواقفه بشأن {count} توصية.\n"
            "الموعد النهائي: {deadline}.\n"
            "يمكن تعديل الردود حتى ذلك الموعد؛ يُرجى التقديم باسم وفدكم عندما يكون مستعدًا."
        ),
        (
            "تدعو الأمانة العامة وفد {delegation} إلى إبداء مواقفه بشأن {count} توصية.\n"
            "الموعد النهائي: {deadline}.\n"
            "يمكن تعديل الردود حتى ذلك الموعد؛ يُرجى التقديم باسم وفدكم عندما يكون مستعدًا."
        ),
    ),
    "remind.title": "تذكير: {title}",
    "remind.text": (
        "أجاب وفد {delegation} عن {answered} من أصل {total} من التوصيات ولم يقدّم ردوده بعد.\n"
        "الموعد النهائي: {deadline}."
    ),
    "deadline.title": "تغيّر الموعد النهائي: {title}",
    "deadline.text": (
        "أصبح الموعد النهائي لردود وفد {delegation}: {deadline}.\n"
        "يمكن تعديل الردود حتى ذلك الموعد؛ يُرجى التقديم باسم وفدكم عندما يكون مستعدًا."
    ),
    # e-mail to contacts
    "mail.invite.greeting": "حضرة {name} المحترم/المحترمة،",
    "mail.invite.text": (
        "تدعو الأمانة العامة وفد {delegation} إلى إبداء مواقفه في المشاورات المعنونة «{title}» (عدد التوصيات: {count})."
    ),
    "mail.invite.deadline": "الموعد النهائي: {deadline}.",
    "mail.invite.asked": (
        "يختار وفدكم لكل توصية أحد المواقف التالية: التأييد، أو التأييد مع تعديلات، أو المعارضة، أو التحفّظ "
        "(في انتظار تعليمات العاصمة)، أو عدم اتخاذ موقف، مع تعليق إن شاء. ويمكن تعديل الردود حتى الموعد "
        "النهائي؛ وتتولى جهة التنسيق التقديم باسم الوفد."
    ),
    "mail.invite.code": "رمز الدعوة الشخصي الخاص بكم (للاستخدام مرة واحدة، صالح حتى {expires}): {code}",
    "mail.invite.how": "للرد، يُرجى الانضمام إلى المشاورات بإحدى الطرق التالية:",
    "mail.join.telegram": "الفتح في Telegram",
    "mail.join.web": "الرد في متصفح الويب",
    "mail.way.telegram": ("⟦Telegram⟧: اضغطوا على «الفتح في Telegram» أدناه (على هاتف أو حاسوب مثبّت عليه Telegram)."),
    "mail.way.web": "الويب: اضغطوا على «الرد في متصفح الويب» أدناه.",
    "mail.way.slack": "⟦Slack⟧: اكتبوا {line} في أي قناة من قنوات مساحة العمل الخاصة بكم.",
    "mail.remind.join": (
        "لم تنضموا بعد: يُرجى استخدام الرمز الوارد في رسالة الدعوة الإلكترونية، "
        "أو الرد على هذه الرسالة لطلب رمز جديد من الأمانة العامة."
    ),
    "mail.remind.joined": "تابعوا من حيث توقفتم في محادثتكم مع روبوت المشاورات.",
    # errors
    "error.generic": "حدث خطأ من جهتنا. يُرجى المحاولة مجددًا بعد قليل.",
    "error.not_invited": (
        "هذا الحساب غير مرتبط بأي وفد بعد. يُرجى استخدام رمز الدعوة الذي أرسلته إليكم الأمانة العامة: ⟦join CODE⟧"
    ),
    "error.not_allowed": "غير مسموح لكم بالقيام بذلك.",
    "error.unknown_round": "لا توجد جولة باسم «{slug}».",
    "error.unknown_recommendation": "لا توجد توصية «{ref}» في هذه الجولة.",
    "error.unknown_stakeholder": "لا يوجد وفد «{code}».",
    "error.no_open_round": "لا توجد حاليًا جولة مشاورات مفتوحة لوفدكم.",
    "error.round_closed": "أُغلقت الجولة «{title}» في {deadline}؛ جُمّدت الردود.",
    "error.round_not_open": "الجولة «{title}» غير مفتوحة ({status}).",
    "error.bad_input": "{reason}",
    "error.bad_round_file": "في ملف الجولة مشكلات: {problems}",
    "error.too_long": "هذا النص طويل جدًا (عدد الأحرف: {length}؛ الحد الأقصى: {limit}). لم يُحفظ أي شيء.",
    "error.empty": "هذا النص فارغ. لم يُحفظ أي شيء.",
    "error.empty_round": "الجولة {slug} فارغة: لم يرد أي وفد بعد. لم يُكتب أي شيء.",
    "error.no_submission": "لم يقدّم أي وفد ردوده في الجولة {slug} بعد. لم يُكتب أي شيء.{hint}",
    "error.no_receipt": "لم يقدّم وفد {delegation} ردوده في هذه الجولة بعد: لا يوجد إشعار استلام.",
    "error.amendment_needed": "موقف «تأييد مع تعديلات» بشأن {ref} يتطلب نص التعديل. لم يُحفظ أي شيء.",
    "error.incomplete": (
        "لم يتم التقديم: {count} توصية لم تتم الإجابة عنها بعد ({refs}).",
        "لم يتم التقديم: توصية واحدة لم تتم الإجابة عنها بعد ({refs}).",
        "لم يتم التقديم: توصيتان لم تتم الإجابة عنهما بعد ({refs}).",
        "لم يتم التقديم: {count} توصيات لم تتم الإجابة عنها بعد ({refs}).",
        "لم يتم التقديم: {count} توصية لم تتم الإجابة عنها بعد ({refs}).",
        "لم يتم التقديم: {count} توصية لم تتم الإجابة عنها بعد ({refs}).",
    ),
    "error.conflict": "عدّل شخص آخر هذا في اللحظة نفسها. يُرجى المحاولة مجددًا.",
    "error.unknown_command": "لم أفهم «{text}». اكتبوا «مساعدة» لعرض الأوامر.",
    "error.stale_button": "هذا الزر يخص جولة لم تعد متاحة.",
    "error.try_again": "الخدمة مشغولة. يُرجى المحاولة مجددًا بعد قليل؛ لم يُفقد أي شيء.",
    "error.cannot_save": (
        "لم يُحفظ أي شيء: لا تستطيع الخدمة الكتابة في قاعدة بياناتها ({reason}). "
        "أُبلغت الأمانة العامة؛ يُرجى المحاولة مجددًا لاحقًا."
    ),
    # the digest
    "digest.title": "موجز المشاورات · {date}",
    "digest.chart_title": "المواقف ونسبة المشاركة · {title}",
    "digest.chart_of": "يعرض الرسم البياني «{title}».",
    "digest.no_round": "لا توجد جولة مشاورات مفتوحة.",
    "digest.quiet_all": "أسبوع هادئ: لا شيء يُذكر.",
    "digest.since_opened": "افتتاح الجولة",
    "digest.more": {
        "{shown} and {more} more": "{shown} وغيرها ({more})",
        (
            "{count} more",
            "{count} more",
        ): (
            "{count} أخرى",
            "{count} أخرى",
            "{count} أخرى",
            "{count} أخرى",
            "{count} أخرى",
            "{count} أخرى",
        ),
    },
    "digest.lead.round": "{title}: الموعد النهائي {deadline}، {left}.",
    "digest.lead.coverage": {
        (
            "{submitted} of {total} delegations submitted ({percent}%) · {in_progress} in progress · "
            "{not_started} not started."
        ): (
            "الوفود التي قدّمت: {submitted} من أصل {total} ({percent}%) · قيد الإنجاز: {in_progress} "
            "· لم يبدأ: {not_started}."
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
                "الوفود التي قدّمت: {submitted} من أصل {count} ({percent}) · قيد الإنجاز: "
                "{in_progress} · لم يبدأ: {not_started}."
            ),
            (
                "الوفود التي قدّمت: {submitted} من أصل {count} ({percent}) · قيد الإنجاز: "
                "{in_progress} · لم يبدأ: {not_started}."
            ),
            (
                "الوفود التي قدّمت: {submitted} من أصل {count} ({percent}) · قيد الإنجاز: "
                "{in_progress} · لم يبدأ: {not_started}."
            ),
            (
                "الوفود التي قدّمت: {submitted} من أصل {count} ({percent}) · قيد الإنجاز: "
                "{in_progress} · لم يبدأ: {not_started}."
            ),
            (
                "الوفود التي قدّمت: {submitted} من أصل {count} ({percent}) · قيد الإنجاز: "
                "{in_progress} · لم يبدأ: {not_started}."
            ),
            (
                "الوفود التي قدّمت: {submitted} من أصل {count} ({percent}) · قيد الإنجاز: "
                "{in_progress} · لم يبدأ: {not_started}."
            ),
        ),
    },
    "digest.lead.unsubmitted": {
        (" {count} with changes not submitted (positions count what was submitted)."): (
            " لدى {count} منها تغييرات لم تُقدَّم بعد (تُحتسب المواقف كما قُدِّمت)."
        ),
        (
            (" {count} with changes not submitted (positions count what was submitted)."),
            (" {count} with changes not submitted (positions count what was submitted)."),
        ): (
            (" لدى {count} منها تغييرات لم تُقدَّم بعد (تُحتسب المواقف كما قُدِّمت)."),
            (" لدى {count} منها تغييرات لم تُقدَّم بعد (تُحتسب المواقف كما قُدِّمت)."),
            (" لدى {count} منها تغييرات لم تُقدَّم بعد (تُحتسب المواقف كما قُدِّمت)."),
            (" لدى {count} منها تغييرات لم تُقدَّم بعد (تُحتسب المواقف كما قُدِّمت)."),
            (" لدى {count} منها تغييرات لم تُقدَّم بعد (تُحتسب المواقف كما قُدِّمت)."),
            (" لدى {count} منها تغييرات لم تُقدَّم بعد (تُحتسب المواقف كما قُدِّمت)."),
        ),
    },
    "digest.lead.activity": (
        "منذ {since}: قدّم {submitted} · بدأ {started} · مواقف معدّلة {positions} · تعليقات جديدة {comments}."
    ),
    "digest.lead.quiet": "أسبوع هادئ: لا ردود ولا تقديمات ولا تعليقات جديدة منذ {since}.",
    "digest.lead.contested": "الأكثر إثارة للخلاف: {items}.",
    "digest.section.groups": "نسبة المشاركة حسب المجموعة الإقليمية",
    "digest.section.other_groups": "مجموعات أخرى",
    "digest.group": "{group}: قدّم {submitted} من أصل {total} · قيد الإنجاز: {in_progress} · لم يبدأ: {not_started}",
    "digest.section.changes": "التغييرات منذ {since}",
    "digest.changes.none": "لا جديد: لا ردود ولا تقديمات ولا تعليقات.",
    "digest.changes.submitted": "قدّمت ردودها ({count}، الأحدث أولًا): {names}",
    "digest.changes.resubmitted": "أعادت تقديم ردودها ({count}، الأحدث أولًا): {names}",
    "digest.changes.started": "بدأت الرد ({count}): {names}",
    "digest.changes.counts": "ردود جديدة {answers} · مواقف معدّلة {positions} · تعليقات جديدة {comments}",
    "digest.changes.shifts": "أكبر التحولات: {items}",
    "digest.changes.latest": "آخر التغييرات:",
    "digest.change.position": "{when} · {delegation} · {ref}: {before} ← {after}",
    "digest.change.comment": "{when} · {delegation} · {ref}: «{comment}»",
    "digest.section.contested": "الأكثر إثارة للخلاف",
    "digest.contested.definition": (
        "نسبة المعارضة والتحفّظ من بين الردود المقدَّمة (يُحتسب عدم اتخاذ موقف ردًّا، ولا يُحتسب الصمت)؛ "
        "بحد أدنى {floor} من الردود؛ وعند التساوي تتقدّم التوصية الأكثر اعتراضات."
    ),
    "digest.contested.line": {
        ("{ref} {title}: {percent}% ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title}: {percent}% ({dissent} من أصل {answers}: معارضة {oppose}، تحفّظ {reserve})"
        ),
        ("{ref} {title}: {percent} ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title}: {percent} ({dissent} من أصل {answers}: معارضة {oppose}، تحفّظ {reserve})"
        ),
    },
    "digest.contested.none": "لا توجد حتى الآن توصية قوبلت بالمعارضة أو التحفّظ.",
    "digest.section.positions": "المواقف حسب التوصية",
    "digest.positions.legend": "الأعداد: {labels}",
    "digest.pos.support": "تأييد",
    "digest.pos.support_with_amendments": "مع تعديلات",
    "digest.pos.oppose": "معارضة",
    "digest.pos.reserve": "تحفّظ",
    "digest.pos.no_position": "بلا موقف",
    "digest.pos.no_objection": "لا اعتراض",
    "digest.pos.none": "لا رد",
    "digest.section.not_started": "لم تبدأ ({count})",
    "digest.not_started.group": "{group} ({count}): {names}",
    "digest.not_started.none": "بدأت جميع الوفود.",
    "digest.not_started.full": "القائمة الكاملة: consultbot round status {slug}",
    "digest.section.problems": "مشكلات الإيصال",
    "digest.problems.person": "{delegation} · {participant} ({channel})",
    "digest.problems.unreachable": "مشاركون يتعذر الوصول إليهم ({count}): {names}",
    "digest.problems.dead": "رسائل أُوقفت محاولات إيصالها ({count}): {kinds}",
    "digest.problems.none": "لا شيء: لدى كل وفد لم يقدّم ردوده بعد شخص يستطيع الروبوت الوصول إليه.",
    "digest.problems.nobody": "وفود ليس فيها من يمكن الوصول إليه ({count}): {names}",
    "digest.section.deadlines": "المواعيد النهائية المقبلة",
    "digest.deadline": "{title}: {deadline}، {left}",
    "digest.deadline.reminder": "التذكير التالي {when}",
    "digest.deadline.opens": "{title}: الافتتاح {when}",
    "digest.deadline.none": "لا مواعيد نهائية مقبلة.",
    "digest.col.group": "المجموعة",
    "digest.col.all": "جميع الوفود",
    "digest.col.submitted": "قدّمت",
    "digest.col.in_progress": "قيد الإنجاز",
    "digest.col.not_started": "لم تبدأ",
    "digest.col.total": "المجموع",
    "digest.col.recommendation": "التوصية",
    "digest.col.answers": "الردود",
    "digest.chart.delegations": "الوفود",
    "digest.chart.percent": "النسبة المئوية من وفود المجموعة (التسميات: الوفود التي قدّمت من المجموع)",
    # the web pages
    "web.skip": "الانتقال إلى المحتوى",
    "web.brand": "consultbot",
    "web.signed_in_as": "تم تسجيل الدخول باسم {name}، {delegation}",
    "web.sign_out": "تسجيل الخروج",
    "web.signed_out": "تم تسجيل خروجكم. يُرجى استخدام رابط جديد من الأمانة العامة لتسجيل الدخول مجددًا.",
    "web.login.title": "تسجيل الدخول",
    "web.login.text": "يسجّل هذا الرابط دخولكم باسم {delegation}. وهو صالح لمرة واحدة فقط.",
    "web.login.button": "تسجيل الدخول",
    "web.refused.title": "لا يمكن استخدام هذا الرابط",
    "web.refused.session": "يُرجى تسجيل الدخول بالرابط الذي أرسلته إليكم الأمانة العامة.",
    "web.forbidden": "هذه الصفحة ليست مخصصة لدوركم.",
    "web.csrf": "انتهت صلاحية هذا النموذج. يُرجى إعادة تحميل الصفحة والمحاولة مجددًا؛ لم يُحفظ أي شيء.",
    "web.rounds.title": "مشاوراتكم",
    "web.rounds.none": "لا توجد حاليًا مشاورات لوفدكم.",
    "web.round.deadline": "الموعد النهائي: {deadline}",
    "web.progress": "تمت الإجابة عن {answered} من {total}",
    "web.positions": "الموقف",
    "web.amendment": "التعديل (مطلوب لموقف «تأييد مع تعديلات»)",
    "web.comment": "التعليق (اختياري)",
    "web.save": "حفظ {ref}",
    "web.saved": "حُفظ",
    "web.unanswered": "لم تتم الإجابة بعد",
    "web.review": "المراجعة والتقديم",
    "web.review.title": "مراجعة: {title}",
    "web.back_to_answers": "العودة إلى الردود",
    "web.edit": "تعديل {ref}",
    "web.submit": "التقديم باسم {delegation}",
    "web.receipt": "إشعار الاستلام الخاص بكم",
    "web.closed": "لم تعد هذه الجولة تقبل الردود.",
    "web.coord.title": "المشاورات",
    "web.coord.round": "الجولة",
    "web.coord.state": "الحالة",
    "web.coord.deadline": "الموعد النهائي",
    "web.coord.coverage": "قدّمت",
    "web.coord.in_progress": "قيد الإنجاز",
    "web.coord.delegations": "الوفود حسب المجموعة الإقليمية",
    "web.coord.filter": "عرض",
    "web.coord.filter.all": "جميع الوفود",
    "web.coord.filter.pending": "من لم يرد بعد",
    "web.coord.filter.apply": "تصفية",
    "web.coord.delegation": "الوفد",
    "web.coord.answered": "الردود",
    "web.coord.submitted_at": "تاريخ التقديم",
    "web.coord.receipt": "إشعار الاستلام",
    "web.coord.changed": "عُدّل منذ التقديم",
    "web.coord.none": "لا أحد في هذه القائمة.",
    "web.coord.positions": "المواقف حسب التوصية",
    "web.coord.chart": "رسم بياني للمواقف حسب التوصية ولنسبة المشاركة حسب المجموعة",
    "web.coord.recommendation": "التوصية",
    "web.coord.problems": "مشكلات الإيصال",
    "web.coord.no_problems": "لا توجد مشكلات في الإيصال.",
    "web.coord.unreachable": "يتعذر الوصول إلى {participant} ({stakeholder}) عبر {channel}",
    "web.coord.dead": "أُوقفت محاولات إيصال {kind} إلى {chat} عبر {channel}: {error}",
    "web.coord.downloads": "التنزيلات",
    "web.coord.actions": "الإجراءات",
    "web.coord.open": "فتح الجولة",
    "web.coord.remind": "إرسال تذكير الآن",
    "web.coord.extend": "تمديد الموعد النهائي",
    "web.coord.close": "إغلاق الجولة",
    "web.coord.new_deadline": "الموعد النهائي الجديد ({zone})",
    "web.coord.confirm": "يُرجى التأكيد: {action} «{title}».",
    "web.coord.confirm.yes": "نعم، {action}",
    "web.coord.cancel": "إلغاء",
    "web.coord.all_rounds": "جميع المشاورات",
    "web.coord.read_only": "يمكنكم الاطلاع على هذه الجولة؛ ولا يتخذ الإجراءات بشأنها إلا المنسقون.",
    "digest.chart.headline": "{date} · قدّم {submitted} من أصل {total}",
    "digest.chart.closed": "مغلقة",
    "digest.chart.empty": "لا ردود بعد",
    "digest.chart.scale": "الوفود التي ردّت (من أصل {total})",
    "digest.chart.more": {
        "… and {count} more recommendations: see the digest's text": "… وتوصيات أخرى عددها {count}: انظر نص الموجز",
        (
            "… and {count} more recommendation: see the digest's text",
            "… and {count} more recommendations: see the digest's text",
        ): (
            "… وتوصيات أخرى عددها {count}: انظر نص الموجز",
            "… وتوصية أخرى: انظر نص الموجز",
            "… وتوصيتان أخريان: انظر نص الموجز",
            "… و{count} توصيات أخرى: انظر نص الموجز",
            "… و{count} توصية أخرى: انظر نص الموجز",
            "… و{count} توصية أخرى: انظر نص الموجز",
        ),
    },
    # facilitators and questions
    "question.button": "طرح سؤال",
    "question.how": "لتوجيه سؤال إلى ميسّر «{section}»، أرسلوا: سؤال {ref} ثم نص سؤالكم",
    "question.usage": "الاستخدام: سؤال ⟦REF⟧ ثم نص السؤال، مثلًا: سؤال ⟦CL-3⟧ هل يشمل هذا …؟",
    "question.sent": ("أُرسل سؤالكم {label} بشأن {ref} إلى الميسّر ({who}). وسيصل الجواب إلى هنا، إلى وفدكم وحده."),
    "question.list_title": "الأسئلة · {title}",
    "question.none": "لا أسئلة بعد.",
    "question.answer_usage": "الاستخدام: ⟦answer Q-12⟧ جوابكم",
    "question.answer_sent": (
        "أُرسل جوابكم على {label} إلى وفد {stakeholder} وحده. لمشاركته مع جميع الوفود: ⟦publish {label}⟧"
    ),
    "question.publish_usage": "الاستخدام: ⟦publish Q-12⟧",
    "question.published": "نُشر {label}: تراه جميع الوفود تحت {ref}.",
    "question.already_published": "سبق نشر {label}.",
    "role.delegate": "مندوب",
    "role.focal_point": "جهة التنسيق",
    "role.coordinator": "منسق",
    "role.digest": "متلقي الموجز",
    "item.title": "{ref} · {title}",
    "word.help": "مساعدة",
    "word.status": "الحالة|حالة",
    "word.review": "مراجعة",
    "word.submit": "تقديم",
    "word.receipt": "إيصال|الإيصال",
    "word.edit": "تعديل",
    "word.back": "رجوع|السابق",
    "word.skip": "تخطٍّ|تخط|تخطي|التالي",
    "word.rounds": "الجولات|جولات",
    "word.continue": "متابعة",
    "word.timezone": "التوقيت",
    "word.language": "اللغة|لغة",
    "word.question": "سؤال",
    "word.join": "انضمام",
    "word.no_comment": "بلا تعليق|لا تعليق|بدون تعليق",
    "word.position.support": "نعم|أؤيد|موافق",
    "word.position.oppose": "لا|أعارض",
    "word.position.support_with_amendments": "تعديلات|مع تعديلات",
    "word.position.reserve": "تحفظ|أتحفظ",
    "word.position.no_position": "لا موقف|بدون موقف",
    "round.status.views": (
        "أصحاب مصلحة آخرون (آراء، تُحتسب على حدة): قدّم {submitted}، قيد الإنجاز: {in_progress}، "
        "لم يبدأ: {not_started}، من أصل {total}"
    ),
    # keys added on wip/dialogue, wip/content, wip/mailweb and wip/texts (used once EN has them)
    "nav.add_comment": "إضافة تعليق على {ref}",
    "nav.change_comment": "تعديل التعليق على {ref}",
    "ask.amendment.first": ("يُسجَّل {ref} عند وصول التعديل؛ وإلى ذلك الحين يبقى رد وفدكم دون تغيير."),
    "changed.by_you": "أنتم (في محادثة أو نافذة أخرى)",
    "changed.by_system": "النظام",
    "changed.comment": (
        "عدّل {who} {ref} في {when}: أصبح الآن {position}. لم يُحفظ تعليقكم لأنه كُتب للرد الذي كنتم "
        "ترونه. يُرجى إضافته مجددًا أدناه إن كان لا يزال مناسبًا."
    ),
    "changed.amendment": (
        "عدّل {who} {ref} في {when}: أصبح الآن {position}. لم يُحفظ تعديلكم لأنه كُتب للرد الذي كنتم "
        "ترونه. يُرجى الاختيار مجددًا أدناه."
    ),
    "changed.typed": "ما كتبتموه: «{text}»",
    "changed.review": (
        "تغيّرت الردود منذ أن فتحتم المراجعة (آخر تغيير: {ref}، أصبح الآن {position}، أجراه {who} في "
        "{when}). لم يُقدَّم أي شيء: يُرجى التحقق من المراجعة أدناه والتقديم مجددًا إن كانت صحيحة."
    ),
    "submit.unanswered.title": "توصيات بلا رد: {count}",
    "submit.unanswered": (
        "توصيات لم يُرد عليها بعد: {count} من أصل {total} ({refs}).\n"
        "للتقديم الآن، تُسجَّل جميعها بموقف «{position}» لوفد {delegation} ويُقدَّم كل شيء في خطوة "
        "واحدة. أو يمكنكم الرد عليها أولًا."
    ),
    "nav.no_position_submit": "«بلا موقف» لعدد {count} ثم التقديم",
    "digest.problems.stranded": (
        "رسائل تنتظر قناة غير مهيأة ({channels})، مجموعها {count}، موجهة إلى: {names}. يُرجى تهيئة "
        "القناة مجددًا، أو الوصول إلى هؤلاء الأشخاص بطريقة أخرى."
    ),
    "content.unofficial": "ترجمة غير رسمية: النص المرجعي هو الأصل بلغة {language}.",
    "content.untranslated": "لم يُترجم بعد إلى لغتكم: يُعرض بلغته الأصلية، {language}.",
    "email.deadline.new_york": "{when}، أي {new_york} بتوقيت نيويورك",
    "email.masthead": "الأمم المتحدة · المشاورات",
    "email.footer": (
        "أرسلها ⟦consultbot⟧ باسم الأمانة العامة للأمم المتحدة. للكتابة إلى فريق المشاورات في "
        "الأمانة العامة، يُرجى الرد على هذه الرسالة."
    ),
    "email.subject.default": "مشاورات",
    "web.position_on": "الموقف بشأن {ref}",
    "web.choose_position": "يُرجى اختيار موقف بشأن {ref}.",
    "web.bad_form": ("تعذرت قراءة هذا النموذج. يُرجى إعادة تحميل الصفحة والمحاولة مجددًا؛ لم يُحفظ أي شيء."),
    "web.not_found": "لا توجد صفحة بهذا العنوان.",
    "web.coord.compilation": "التجميع (⟦Word⟧)",
    "web.status.draft": "مسودة",
    "web.status.open": "مفتوحة",
    "web.status.closed": "مغلقة",
    "web.yes": "نعم",
    "web.language": "اللغة",
    "web.language.apply": "تغيير",
    "web.role.delegate": "مندوب",
    "web.role.focal_point": "جهة التنسيق",
    "web.role.coordinator": "منسق",
    "web.role.digest": "متلقي الموجز",
    "digest.contested.item": "{ref} ({percent})",
    "digest.kind.invitation": (
        "{count} دعوة",
        "دعوة واحدة",
        "دعوتان",
        "{count} دعوات",
        "{count} دعوة",
        "{count} دعوة",
    ),
    "digest.kind.reminder": (
        "{count} تذكير",
        "تذكير واحد",
        "تذكيران",
        "{count} تذكيرات",
        "{count} تذكيرًا",
        "{count} تذكير",
    ),
    "digest.kind.deadline": (
        "{count} إشعار بالموعد النهائي",
        "إشعار واحد بالموعد النهائي",
        "إشعاران بالموعد النهائي",
        "{count} إشعارات بالموعد النهائي",
        "{count} إشعارًا بالموعد النهائي",
        "{count} إشعار بالموعد النهائي",
    ),
    "digest.kind.digest": (
        "{count} موجز",
        "موجز واحد",
        "موجزان",
        "{count} موجزات",
        "{count} موجزًا",
        "{count} موجز",
    ),
    "digest.kind.question": (
        "{count} سؤال",
        "سؤال واحد",
        "سؤالان",
        "{count} أسئلة",
        "{count} سؤالًا",
        "{count} سؤال",
    ),
    "digest.kind.answer": (
        "{count} جواب على أسئلة",
        "جواب واحد على سؤال",
        "جوابان على أسئلة",
        "{count} أجوبة على أسئلة",
        "{count} جوابًا على أسئلة",
        "{count} جواب على أسئلة",
    ),
    "digest.kind.clarification": (
        "{count} توضيح",
        "توضيح واحد",
        "توضيحان",
        "{count} توضيحات",
        "{count} توضيحًا",
        "{count} توضيح",
    ),
    "digest.kind.area-digest": (
        "{count} موجز مجال",
        "موجز مجال واحد",
        "موجزا مجالين",
        "{count} موجزات مجالات",
        "{count} موجزًا للمجالات",
        "{count} موجز للمجالات",
    ),
    "digest.section.views": "آراء أصحاب المصلحة الآخرين (تُحتسب بمعزل عن مواقف الدول الأعضاء)",
    "digest.views.group": "أصحاب مصلحة آخرون (آراء)",
    "digest.group.none": "(بلا مجموعة)",
    "question.received.title": "السؤال {label} · {ref} · {delegation}",
    "question.received.text": (
        "يسأل وفد {delegation} بشأن {ref} «{title}» ({section}):\n"
        "\n"
        "{question}\n"
        "\n"
        "للرد: ⟦answer {label}⟧ ثم نص الجواب (يصل إلى وفد {delegation} وحده)؛ ثم لمشاركته مع جميع "
        "الوفود: ⟦publish {label}⟧"
    ),
    "question.answered.title": "الجواب على {label} · {ref}",
    "question.answered.text": ("سؤالكم بشأن {ref}:\n{question}\n\nجواب الميسّر:\n{answer}"),
    "question.clarification.title": "توضيح بشأن {ref}",
    "question.clarification.text": ("التوضيح {label} بشأن {ref}:\nس: {question}\nج: {answer}"),
    "followup.error.not_a_question": "«{raw}» ليس رقم سؤال (مثلًا ⟦Q-12⟧).",
    "followup.error.no_recommendation": "لا توجد في الجولة {slug} توصية «{ref}».",
    "followup.error.no_facilitator": (
        "لا يوجد بعد ميسّر لـ«{section}» في هذه الجولة؛ لم يُرسل أي شيء. يُرجى مراجعة المنسقين."
    ),
    "followup.error.no_question": "لا يوجد سؤال {raw}.",
    "followup.error.answered": "سبقت الإجابة عن {label}؛ لمشاركته: ⟦publish {label}⟧.",
    "followup.error.unanswered": ("لم تتم الإجابة عن {label} بعد: أولًا ⟦answer {label}⟧ ثم نص الجواب."),
    "area.title": "الموجز الأسبوعي لمجالكم · {title}",
    "area.head": (
        "مجالكم: {section} ({count} توصية)",
        "مجالكم: {section} (توصية واحدة)",
        "مجالكم: {section} (توصيتان)",
        "مجالكم: {section} ({count} توصيات)",
        "مجالكم: {section} ({count} توصية)",
        "مجالكم: {section} ({count} توصية)",
    ),
    "area.states": (
        "مواقف الدول الأعضاء (المشمولة: {count}):",
        "مواقف الدول الأعضاء (المشمولة: {count}):",
        "مواقف الدول الأعضاء (المشمولة: {count}):",
        "مواقف الدول الأعضاء (المشمولة: {count}):",
        "مواقف الدول الأعضاء (المشمولة: {count}):",
        "مواقف الدول الأعضاء (المشمولة: {count}):",
    ),
    "area.views": (
        "آراء أصحاب المصلحة الآخرين (المشمولون: {count}):",
        "آراء أصحاب المصلحة الآخرين (المشمولون: {count}):",
        "آراء أصحاب المصلحة الآخرين (المشمولون: {count}):",
        "آراء أصحاب المصلحة الآخرين (المشمولون: {count}):",
        "آراء أصحاب المصلحة الآخرين (المشمولون: {count}):",
        "آراء أصحاب المصلحة الآخرين (المشمولون: {count}):",
    ),
    "area.held": "{position} {count}",
    "area.none_yet": "لا شيء بعد",
    "area.notes": (
        "التعديلات والتعليقات ({count}):",
        "التعديلات والتعليقات ({count}):",
        "التعديلات والتعليقات ({count}):",
        "التعديلات والتعليقات ({count}):",
        "التعديلات والتعليقات ({count}):",
        "التعديلات والتعليقات ({count}):",
    ),
    "area.note": "{ref} {delegation} ({kind}): {text}",
    "area.kind.amendment": "تعديل",
    "area.kind.comment": "تعليق",
    "area.none": "لا شيء",
    "area.questions": (
        "الأسئلة المفتوحة ({count}):",
        "الأسئلة المفتوحة ({count}):",
        "الأسئلة المفتوحة ({count}):",
        "الأسئلة المفتوحة ({count}):",
        "الأسئلة المفتوحة ({count}):",
        "الأسئلة المفتوحة ({count}):",
    ),
    "followup.clarifications.heading": (
        "التوضيحات التي نشرها الميسّرون ({count})",
        "التوضيحات التي نشرها الميسّرون ({count})",
        "التوضيحات التي نشرها الميسّرون ({count})",
        "التوضيحات التي نشرها الميسّرون ({count})",
        "التوضيحات التي نشرها الميسّرون ({count})",
        "التوضيحات التي نشرها الميسّرون ({count})",
    ),
    "followup.clarifications.line": "{label} {ref}: {question} ← {answer}",
    "followup.clarifications.none": "لم يُنشر أي توضيح بعد.",
    "followup.track.heading": "المتابعة (حالة التنفيذ)",
    "followup.track.per_area": "الحالة حسب المجال:",
    "followup.track.area": "{section}: {counts}",
    "followup.track.count": (
        "{status}: {count}",
        "{status}: {count}",
        "{status}: {count}",
        "{status}: {count}",
        "{status}: {count}",
        "{status}: {count}",
    ),
    "followup.track.moved": (
        "ما تغيّر ({count}):",
        "ما تغيّر ({count}):",
        "ما تغيّر ({count}):",
        "ما تغيّر ({count}):",
        "ما تغيّر ({count}):",
        "ما تغيّر ({count}):",
    ),
    "followup.track.move": "{ref} ← {status}{lead}{note}، {date}، بواسطة {by}",
    "followup.track.move.lead": " (الجهة الرائدة: {lead})",
    "followup.track.move.note": ": {note}",
    "followup.track.moved_none": "ما تغيّر: لا شيء هذا الأسبوع.",
    "followup.track.apart": "تباعد بين المواقف والتنفيذ:",
    "followup.track.apart_line": (
        "{ref} قيد التنفيذ في حين أن {oppose} من أصل {answers} من ردود الدول الأعضاء تعارضه ({percent})"
    ),
    "followup.track.apart_none": "المواقف والتنفيذ: لا توجد توصية قيد التنفيذ تواجه معارضة قوية.",
    "followup.status.implemented": "نُفّذت في إطار الولايات القائمة",
    "followup.status.in_progress": "قيد التنفيذ",
    "followup.status.decision": "تتطلب قرارًا حكوميًا دوليًا",
    "followup.status.discussion": "قيد المناقشة",
    "followup.status.not_pursued": "لم يُمضَ فيها",
    "followup.status.not_tracked": "غير متابَعة",
    "question.line.other": "{label} {ref} ({state}): {question}",
    "question.line.own": "{label} {ref} ({state}، سؤالكم): {question}",
    "question.state.answered": "أُجيب عنه",
    "question.state.open": "مفتوح",
    "question.state.published": "منشور",
    # the terminal's own words
    "console.goodbye": "حُفظت ردودكم. مع السلامة.",
    "console.end_of_input": "انتهى الإدخال: حُفظت ردودكم. مع السلامة.",
    "console.number_as_text": "هل يُحفظ «{text}» نصًّا لكم؟ اكتبوا ⟦y⟧ لحفظه، أو أي شيء آخر لإعادة كتابته.",
    "console.not_saved": "لم يُحفظ: اكتبوا نصّكم.",
    "console.image": "(صورة حجمها {size} بايت: استخدموا قناة دردشة أو ⟦--format png⟧)",
    "console.message_for": "رسالة إلى {chat}",
    # the UN's regional groups, by their official names
    "group.african": "مجموعة الدول الأفريقية",
    "group.asia_pacific": "مجموعة دول آسيا والمحيط الهادئ",
    "group.eastern_european": "مجموعة دول أوروبا الشرقية",
    "group.latin_american_caribbean": "مجموعة دول أمريكا اللاتينية ومنطقة البحر الكاريبي",
    "group.western_european_others": "مجموعة دول أوروبا الغربية ودول أخرى",
}

_FSI, _PDI = "\u2068", "\u2069"


_RLM = "\u200f"


def _opens_right_to_left(line: str) -> bool:
    """True when the line's first strong character is Arabic (placeholders and isolates count as not)."""
    for char in line:
        if char in "{⟦":
            return False
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return True  # nothing strong: neutral symbols and digits follow the page


def _right_to_left(value: str) -> str:
    """Latin snippets isolated; a right-to-left mark before each line that would open left to right."""
    lines = [line if _opens_right_to_left(line) else _RLM + line for line in value.split("\n")]
    return "\n".join(lines).replace("⟦", _FSI).replace("⟧", _PDI)


#: Texts left without marks: the brand, and the chart's texts (matplotlib shapes and orders them itself).
_UNMARKED = ("web.brand", "digest.chart.")

TEXTS: dict[str, Translation] = {
    key: value if key.startswith(_UNMARKED) else each(value, _right_to_left) for key, value in _TEXTS.items()
}
