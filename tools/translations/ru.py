"""Russian: the texts of `bot.i18n.catalogue.EN` as a Russian-speaking delegation reads them (UN usage, «вы»).

A delegation's name is used in the nominative only (it may be any country's name), mostly before a colon;
counts stand after a colon ("Рекомендаций: 12") so that no noun has to agree with a number.
"""

from __future__ import annotations

from . import Translation

TEXTS: dict[str, Translation] = {
    # positions
    "position.support": "Поддержка",
    "position.support_with_amendments": "Поддержка с поправками",
    "position.oppose": "Возражение",
    "position.reserve": "Оговорка (ожидаются указания столицы)",
    "position.no_position": "Без позиции",
    "position.no_objection": "Нет возражений (молчание)",
    "position.none": "ответа пока нет",
    # navigation
    "nav.back": "◀ Назад",
    "nav.skip": "Пропустить ▶",
    "nav.review": "Просмотреть все",
    "nav.no_comment": "Без комментария ▶",
    "nav.submit": "Представить от имени: {delegation}",
    "nav.continue": "Продолжить",
    "nav.first_unanswered": "Перейти к {ref}",
    "nav.open_round": "{title}",
    # the dialogue
    "welcome": "Добро пожаловать, {name}. Вы выступаете от имени делегации: {delegation} ({role}).",
    "welcome.round": (
        "Раунд консультаций: {title}. {count} рекомендация; ответы можно изменять до {deadline}.",
        "Раунд консультаций: {title}. {count} рекомендации; ответы можно изменять до {deadline}.",
        "Раунд консультаций: {title}. {count} рекомендаций; ответы можно изменять до {deadline}.",
    ),
    "item.header": "{index} из {total} · {section}",
    "item.summary_of": "Краткое изложение документа {document} (не текст доклада):",
    "item.current": "Ответ вашей делегации: {answer}",
    "item.current_by": "Ответ вашей делегации: {answer} (последнее изменение: {who})",
    "item.amendment_line": "Поправка: {text}",
    "item.comment_line": "Комментарий: {text}",
    "recorded": "{ref} — записано: {position}.",
    "recorded.unchanged": "{ref} — без изменений: {position}.",
    "ask.amendment": "Введите поправку, которую ваша делегация предлагает к {ref} (одним сообщением).",
    "ask.comment": "При желании добавьте комментарий к {ref} или продолжите.",
    "ask.comment.typed": "При желании добавьте комментарий к {ref} (пустая строка — без комментария).",
    "comment.saved": "Комментарий к {ref} сохранен.",
    "amendment.saved": "Поправка к {ref} сохранена.",
    "review.title": "Обзор · {delegation} · {title}",
    "review.line": "{ref} {title}: {position}",
    "receipt.line": "{ref}: {position}",
    "review.line_amendment": "    поправка: {text}",
    "review.line_comment": "    комментарий: {text}",
    "review.progress": "Дано ответов: {answered} из {total}.",
    "review.ready": "Ответы даны на все рекомендации. Представьте их, когда ваша делегация будет готова.",
    "review.missing": "Ответа пока нет: {refs}.",
    "review.submitted": "Последнее представление: {when} (подтверждение {receipt}).",
    "review.changed_since": (
        "После этого представления ответы изменились: представьте их повторно, чтобы обновить подтверждение."
    ),
    "review.cannot_submit": "Представлять ответы может только координатор вашей делегации ({names}).",
    "review.no_focal_point": (
        "Координатор делегации не зарегистрирован ({delegation}), поэтому представить ответы пока "
        "некому. Организатор консультаций назначает координатора командой `consultbot invite CODE "
        "--role focal_point`."
    ),
    "round.closed_notice": ("Раунд «{title}» закрыт {when}: ответы зафиксированы и больше не могут быть представлены."),
    "receipt.title": "Подтверждение {receipt}",
    "receipt.text": (
        (
            "{delegation}: {when} по раунду «{title}» представлен {count} ответ.\n"
            "Номер подтверждения: {receipt}.\n"
            "Ответы можно изменять до {deadline}; при повторном представлении выдается новое "
            "подтверждение."
        ),
        (
            "{delegation}: {when} по раунду «{title}» представлено {count} ответа.\n"
            "Номер подтверждения: {receipt}.\n"
            "Ответы можно изменять до {deadline}; при повторном представлении выдается новое "
            "подтверждение."
        ),
        (
            "{delegation}: {when} по раунду «{title}» представлено {count} ответов.\n"
            "Номер подтверждения: {receipt}.\n"
            "Ответы можно изменять до {deadline}; при повторном представлении выдается новое "
            "подтверждение."
        ),
    ),
    "receipt.by": "Представил(а): {who}. Представленные ответы:",
    "receipt.amendment": "поправка {text}",
    "receipt.comment": "комментарий {text}",
    "receipt.counts": (
        "Поправок: {amendments}; комментариев: {comments} — в представленном виде. Чтобы снова "
        "увидеть этот текст, введите подтверждение."
    ),
    "status.delegation": "{delegation} · {title}",
    "status.line": "Дано ответов: {answered} из {total} · {state}.",
    "status.deadline": "Срок: {deadline} ({left}).",
    "state.not_started": "не начато",
    "state.in_progress": "в процессе",
    "state.submitted": "представлено",
    "help.title": "Как отвечать",
    "help.text": (
        "Отвечайте на каждую рекомендацию с помощью кнопок (или введите позицию).\n"
        "Команды:\n"
        "  обзор: все ответы вашей делегации, затем представление\n"
        "  изменить REF: изменить один ответ, например изменить CL-3\n"
        "  назад / пропустить: предыдущая или следующая рекомендация\n"
        "  статус: на каком этапе находится ваша делегация\n"
        "  представить: представить ответы вашей делегации\n"
        "  подтверждение: последнее подтверждение вашей делегации и представленные ответы\n"
        "  раунды: открытые раунды консультаций\n"
        "  пояс ZONE: ваш часовой пояс, например пояс Europe/Moscow\n"
        "  помощь: этот текст"
    ),
    "help.text.console": (
        "Отвечайте на каждую рекомендацию, вводя номер варианта (или позицию словами).\n"
        "Команды:\n"
        "  обзор: все ответы вашей делегации, затем представление\n"
        "  изменить REF: изменить один ответ, например изменить CL-3\n"
        "  назад / пропустить: предыдущая или следующая рекомендация\n"
        "  статус: на каком этапе находится ваша делегация\n"
        "  представить: представить ответы вашей делегации\n"
        "  раунды: открытые раунды консультаций\n"
        "  пояс ZONE: ваш часовой пояс, например пояс Europe/Moscow\n"
        "  помощь: этот текст; quit, Ctrl-D или Ctrl-C: выйти (ваши ответы сохранены)"
    ),
    "help.coordinator": (
        "Команды организатора консультаций:\n"
        "  status ROUND: ход работы каждой делегации\n"
        "  open ROUND / close ROUND / extend ROUND 2027-01-31T18:00-05:00\n"
        "  remind ROUND: напомнить делегациям, которые еще не представили ответы\n"
        "  digest [ROUND]: сводка сейчас"
    ),
    "help.digest": ("Команды сводки:\n  digest [ROUND]: сводка сейчас\n  status ROUND: ход работы каждой делегации"),
    "rounds.choose": "Открытые раунды консультаций: выберите один.",
    "rounds.none": "Сейчас нет открытых раундов консультаций ({delegation}).",
    "timezone.set": "Ваш часовой пояс теперь: {zone}.",
    "timezone.bad": "Часовой пояс «{zone}» неизвестен. Пример: пояс Europe/Moscow",
    "language.set": "Выбран язык: {language}.",
    "language.bad": "Этот язык недоступен. Доступные языки: {languages}.",
    # times
    "time.new_york": "{when} · Нью-Йорк {new_york}",
    "time.left": "осталось: {duration}",
    "time.closed": "срок истек",
    # forms
    "form.amendment.button": "Написать поправку…",
    "form.comment.button": "Добавить комментарий…",
    "form.amendment.title": "Поправка",
    "form.comment.title": "Комментарий",
    "form.amendment.label": "Поправка, предлагаемая вашей делегацией",
    "form.comment.label": "Комментарий вашей делегации",
    "form.save": "Сохранить",
    "form.cancel": "Отмена",
    # joining
    "join.ok": (
        "Добро пожаловать, {name}. Эта учетная запись теперь выступает от имени делегации: {delegation} ({role})."
    ),
    "join.bad_code": "Этот код приглашения недействителен. Проверьте его или запросите новый в Секретариате.",
    "join.used_code": "Этот код приглашения уже использован. Запросите новый в Секретариате.",
    "join.expired_code": "Срок действия этого кода приглашения истек. Запросите новый в Секретариате.",
    "join.slow_down": (
        ("С этой учетной записи введено слишком много неверных кодов. Повторите попытку через {count} минуту."),
        ("С этой учетной записи введено слишком много неверных кодов. Повторите попытку через {count} минуты."),
        ("С этой учетной записи введено слишком много неверных кодов. Повторите попытку через {count} минут."),
    ),
    # coordinators
    "round.opened": ("Раунд {slug} открыт: приглашений в очереди на отправку — {invited}, делегаций — {delegations}."),
    "round.closed": "Раунд {slug} закрыт.",
    "round.already_open": "Раунд {slug} уже открыт с {since}; ничего не поставлено в очередь.",
    "round.already_closed": "Раунд {slug} уже закрыт с {since}; ничего не изменено.",
    "round.extended": "Раунд {slug}: новый срок — {deadline}.",
    "round.reminded": (
        "Раунд {slug}: в очередь на отправку поставлено {count} напоминание.",
        "Раунд {slug}: в очередь на отправку поставлено {count} напоминания.",
        "Раунд {slug}: в очередь на отправку поставлено {count} напоминаний.",
    ),
    "round.status.title": "{title} · {slug} · {status}",
    "round.status.line": (
        "представили: {submitted} · в процессе: {in_progress} · не начали: {not_started} (всего делегаций: {total})"
    ),
    "round.status.group": "{group}: представили {submitted}/{total}, в процессе: {in_progress}",
    # pushes
    "invite.title": "Консультации: {title}",
    "invite.text": (
        (
            "Секретариат предлагает вашей делегации ({delegation}) изложить свою позицию по {count} "
            "рекомендации.\n"
            "Срок: {deadline}.\n"
            "До этого срока ответы можно изменять; представьте их от имени вашей делегации, когда "
            "будете готовы."
        ),
        (
            "Секретариат предлагает вашей делегации ({delegation}) изложить свои позиции по {count} "
            "рекомендациям.\n"
            "Срок: {deadline}.\n"
            "До этого срока ответы можно изменять; представьте их от имени вашей делегации, когда "
            "будете готовы."
        ),
        (
            "Секретариат предлагает вашей делегации ({delegation}) изложить свои позиции по {count} "
            "рекомендациям.\n"
            "Срок: {deadline}.\n"
            "До этого срока ответы можно изменять; представьте их от имени вашей делегации, когда "
            "будете готовы."
        ),
    ),
    "remind.title": "Напоминание: {title}",
    "remind.text": (
        "{delegation}: дано ответов — {answered} из {total}; ответы еще не представлены.\nСрок: {deadline}."
    ),
    "deadline.title": "Срок изменен: {title}",
    "deadline.text": (
        "{delegation}: новый срок представления ответов — {deadline}.\n"
        "До этого срока ответы можно изменять; представьте их от имени вашей делегации, когда будете "
        "готовы."
    ),
    # e-mail to contacts
    "mail.invite.greeting": "Уважаемый(-ая) {name}!",
    "mail.invite.text": (
        "Секретариат предлагает вашей делегации ({delegation}) изложить свои позиции в рамках "
        "консультаций «{title}» (число рекомендаций: {count})."
    ),
    "mail.invite.deadline": "Срок: {deadline}.",
    "mail.invite.asked": (
        "По каждой рекомендации ваша делегация выбирает поддержку, поддержку с поправками, возражение, "
        "оговорку (в ожидании указаний столицы) или отсутствие позиции и при желании добавляет комментарий. "
        "Ответы можно изменять до истечения срока; представляет их от имени делегации координатор."
    ),
    "mail.invite.code": "Ваш личный код приглашения (одноразовый, действителен до {expires}): {code}",
    "mail.invite.how": "Чтобы ответить, присоединитесь к консультациям одним из следующих способов:",
    "mail.join.telegram": "Открыть в Telegram",
    "mail.join.web": "Ответить в веб-браузере",
    "mail.way.telegram": (
        "Telegram: нажмите «Открыть в Telegram» ниже (на телефоне или компьютере с установленным Telegram)."
    ),
    "mail.way.web": "Веб: нажмите «Ответить в веб-браузере» ниже.",
    "mail.way.slack": "Slack: введите {line} в любом канале вашего рабочего пространства.",
    "mail.remind.join": (
        "Вы еще не присоединились: используйте код из письма с приглашением "
        "или ответьте на это сообщение, чтобы запросить новый код в Секретариате."
    ),
    "mail.remind.joined": "Продолжите с того места, где вы остановились, в чате с ботом консультаций.",
    # errors
    "error.generic": "С нашей стороны произошла ошибка. Пожалуйста, повторите попытку через минуту.",
    "error.not_invited": (
        "Эта учетная запись пока не связана ни с одной делегацией. Используйте код приглашения, "
        "направленный вам Секретариатом: join CODE"
    ),
    "error.not_allowed": "У вас нет прав на это действие.",
    "error.unknown_round": "Раунда «{slug}» не существует.",
    "error.unknown_recommendation": "В этом раунде нет рекомендации «{ref}».",
    "error.unknown_stakeholder": "Делегации «{code}» не существует.",
    "error.no_open_round": "Для вашей делегации сейчас нет открытых раундов консультаций.",
    "error.round_closed": "Раунд «{title}» закрыт {deadline}; ответы зафиксированы.",
    "error.round_not_open": "Раунд «{title}» не открыт ({status}).",
    "error.bad_input": "{reason}",
    "error.bad_round_file": "В файле раунда обнаружены ошибки: {problems}",
    "error.too_long": ("Текст слишком длинный (символов: {length}; не более {limit}). Ничего не сохранено."),
    "error.empty": "Текст пуст. Ничего не сохранено.",
    "error.empty_round": "Раунд {slug} пуст: ни одна делегация еще не ответила. Ничего не записано.",
    "error.no_submission": ("В раунде {slug} ни одна делегация еще не представила ответы. Ничего не записано.{hint}"),
    "error.no_receipt": "{delegation}: в этом раунде ответы еще не представлены, подтверждения нет.",
    "error.amendment_needed": (
        "Для позиции «Поддержка с поправками» по {ref} нужен текст поправки. Ничего не сохранено."
    ),
    "error.incomplete": (
        "Не представлено: {count} рекомендация пока без ответа ({refs}).",
        "Не представлено: {count} рекомендации пока без ответа ({refs}).",
        "Не представлено: {count} рекомендаций пока без ответа ({refs}).",
    ),
    "error.conflict": "Кто-то изменил эти данные в тот же момент. Пожалуйста, повторите попытку.",
    "error.unknown_command": "Команда «{text}» не распознана. Введите помощь, чтобы увидеть список команд.",
    "error.stale_button": "Эта кнопка относится к раунду, который больше недоступен.",
    "error.try_again": "Сервис перегружен. Пожалуйста, повторите попытку чуть позже; ничего не потеряно.",
    "error.cannot_save": (
        "Ничего не сохранено: сервис не может выполнить запись в базу данных ({reason}). "
        "Секретариат уведомлен; пожалуйста, повторите попытку позже."
    ),
    # the digest
    "digest.title": "Сводка по консультациям · {date}",
    "digest.chart_title": "Позиции и охват · {title}",
    "digest.chart_of": "На диаграмме: «{title}».",
    "digest.no_round": "Открытых раундов консультаций нет.",
    "digest.quiet_all": "Спокойная неделя: сообщить не о чем.",
    "digest.since_opened": "открытия раунда",
    "digest.more": {
        "{shown} and {more} more": "{shown} и еще {more}",
        (
            "{count} more",
            "{count} more",
        ): (
            "еще {count}",
            "еще {count}",
            "еще {count}",
        ),
    },
    "digest.lead.round": "{title}: срок — {deadline}, {left}.",
    "digest.lead.coverage": {
        (
            "{submitted} of {total} delegations submitted ({percent}%) · {in_progress} in progress · "
            "{not_started} not started."
        ): (
            "Представили ответы: {submitted} из {total} делегаций ({percent} %) · в процессе: "
            "{in_progress} · не начали: {not_started}."
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
                "Представили ответы: {submitted} из {count} делегации ({percent}) · в процессе: "
                "{in_progress} · не начали: {not_started}."
            ),
            (
                "Представили ответы: {submitted} из {count} делегаций ({percent}) · в процессе: "
                "{in_progress} · не начали: {not_started}."
            ),
            (
                "Представили ответы: {submitted} из {count} делегаций ({percent}) · в процессе: "
                "{in_progress} · не начали: {not_started}."
            ),
        ),
    },
    "digest.lead.unsubmitted": {
        (" {count} with changes not submitted (positions count what was submitted)."): (
            " С непредставленными изменениями: {count} (в подсчете позиций учтено то, что было представлено)."
        ),
        (
            (" {count} with changes not submitted (positions count what was submitted)."),
            (" {count} with changes not submitted (positions count what was submitted)."),
        ): (
            (" С непредставленными изменениями: {count} (в подсчете позиций учтено то, что было представлено)."),
            (" С непредставленными изменениями: {count} (в подсчете позиций учтено то, что было представлено)."),
            (" С непредставленными изменениями: {count} (в подсчете позиций учтено то, что было представлено)."),
        ),
    },
    "digest.lead.activity": (
        "С {since}: представили {submitted} · начали {started} · изменено позиций {positions} · "
        "новых комментариев {comments}."
    ),
    "digest.lead.quiet": "Спокойная неделя: с {since} нет новых ответов, представлений или комментариев.",
    "digest.lead.contested": "Наиболее спорные: {items}.",
    "digest.section.groups": "Охват по региональным группам",
    "digest.section.other_groups": "Другие группы",
    "digest.group": (
        "{group}: представили {submitted} из {total} · в процессе: {in_progress} · не начали: {not_started}"
    ),
    "digest.section.changes": "Изменения с {since}",
    "digest.changes.none": "Ничего нового: нет ответов, представлений или комментариев.",
    "digest.changes.submitted": "Представили ответы ({count}, сначала последние): {names}",
    "digest.changes.resubmitted": "Повторно представили ответы ({count}, сначала последние): {names}",
    "digest.changes.started": "Начали отвечать ({count}): {names}",
    "digest.changes.counts": ("Новых ответов {answers} · изменено позиций {positions} · новых комментариев {comments}"),
    "digest.changes.shifts": "Наибольшие сдвиги: {items}",
    "digest.changes.latest": "Последние изменения:",
    "digest.change.position": "{when} · {delegation} · {ref}: {before} → {after}",
    "digest.change.comment": "{when} · {delegation} · {ref}: «{comment}»",
    "digest.section.contested": "Наиболее спорные",
    "digest.contested.definition": (
        "Доля возражений и оговорок среди данных ответов (отсутствие позиции считается ответом, молчание — нет); "
        "не менее {floor} ответов; при равенстве первыми идут рекомендации с большим числом возражений."
    ),
    "digest.contested.line": {
        ("{ref} {title}: {percent}% ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title}: {percent} % ({dissent} из {answers}: возражений — {oppose}, оговорок — {reserve})"
        ),
        ("{ref} {title}: {percent} ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title}: {percent} ({dissent} из {answers}: возражений — {oppose}, оговорок — {reserve})"
        ),
    },
    "digest.contested.none": "Пока ни по одной рекомендации нет возражений или оговорок.",
    "digest.section.positions": "Позиции по рекомендациям",
    "digest.positions.legend": "Число ответов: {labels}",
    "digest.pos.support": "поддержка",
    "digest.pos.support_with_amendments": "с поправками",
    "digest.pos.oppose": "возражение",
    "digest.pos.reserve": "оговорка",
    "digest.pos.no_position": "без позиции",
    "digest.pos.no_objection": "нет возражений",
    "digest.pos.none": "нет ответа",
    "digest.section.not_started": "Не начали ({count})",
    "digest.not_started.group": "{group} ({count}): {names}",
    "digest.not_started.none": "Все делегации приступили к работе.",
    "digest.not_started.full": "Полный список: consultbot round status {slug}",
    "digest.section.problems": "Проблемы с доставкой",
    "digest.problems.person": "{delegation} · {participant} ({channel})",
    "digest.problems.unreachable": "Недоступные участники ({count}): {names}",
    "digest.problems.dead": "Сообщения, доставка которых прекращена ({count}): {kinds}",
    "digest.problems.none": (
        "Нет: в каждой делегации, еще не представившей ответы, есть кто-то, с кем бот может связаться."
    ),
    "digest.problems.nobody": "Делегации, с которыми невозможно связаться ({count}): {names}",
    "digest.section.deadlines": "Предстоящие сроки",
    "digest.deadline": "{title}: {deadline}, {left}",
    "digest.deadline.reminder": "следующее напоминание: {when}",
    "digest.deadline.opens": "{title}: открытие {when}",
    "digest.deadline.none": "Предстоящих сроков нет.",
    "digest.col.group": "Группа",
    "digest.col.all": "Все делегации",
    "digest.col.submitted": "Представили",
    "digest.col.in_progress": "В процессе",
    "digest.col.not_started": "Не начали",
    "digest.col.total": "Всего",
    "digest.col.recommendation": "Рекомендация",
    "digest.col.answers": "Ответы",
    "digest.chart.delegations": "делегации",
    "digest.chart.percent": "% делегаций группы (подписи: представили / всего)",
    # the web pages
    "web.skip": "Перейти к содержанию",
    "web.brand": "consultbot",
    "web.signed_in_as": "Вы вошли как {name}, {delegation}",
    "web.sign_out": "Выйти",
    "web.signed_out": "Вы вышли из системы. Чтобы войти снова, используйте новую ссылку от Секретариата.",
    "web.login.title": "Вход",
    "web.login.text": "Эта одноразовая ссылка выполняет вход от имени делегации: {delegation}. Она действует один раз.",
    "web.login.button": "Войти",
    "web.refused.title": "Эту ссылку нельзя использовать",
    "web.refused.session": "Войдите по ссылке, которую вам направил Секретариат.",
    "web.forbidden": "Эта страница не предназначена для вашей роли.",
    "web.csrf": "Срок действия формы истек. Обновите страницу и повторите попытку; ничего не сохранено.",
    "web.rounds.title": "Ваши консультации",
    "web.rounds.none": "Для вашей делегации сейчас нет консультаций.",
    "web.round.deadline": "Срок: {deadline}",
    "web.progress": "Дано ответов: {answered} из {total}",
    "web.positions": "Позиция",
    "web.amendment": "Поправка (нужна для позиции «Поддержка с поправками»)",
    "web.comment": "Комментарий (необязательно)",
    "web.save": "Сохранить {ref}",
    "web.saved": "Сохранено",
    "web.unanswered": "Ответа пока нет",
    "web.review": "Просмотреть и представить",
    "web.review.title": "Обзор: {title}",
    "web.back_to_answers": "Назад к ответам",
    "web.edit": "Изменить {ref}",
    "web.submit": "Представить от имени: {delegation}",
    "web.receipt": "Ваше подтверждение",
    "web.closed": "Этот раунд больше не принимает ответы.",
    "web.coord.title": "Консультации",
    "web.coord.round": "Раунд",
    "web.coord.state": "Состояние",
    "web.coord.deadline": "Срок",
    "web.coord.coverage": "Представили",
    "web.coord.in_progress": "В процессе",
    "web.coord.delegations": "Делегации по региональным группам",
    "web.coord.filter": "Показать",
    "web.coord.filter.all": "все делегации",
    "web.coord.filter.pending": "тех, кто еще должен ответить",
    "web.coord.filter.apply": "Применить фильтр",
    "web.coord.delegation": "Делегация",
    "web.coord.answered": "Ответы",
    "web.coord.submitted_at": "Представлено",
    "web.coord.receipt": "Подтверждение",
    "web.coord.changed": "Изменено после представления",
    "web.coord.none": "В этом списке никого нет.",
    "web.coord.positions": "Позиции по рекомендациям",
    "web.coord.chart": "Диаграмма позиций по рекомендациям и охвата по группам",
    "web.coord.recommendation": "Рекомендация",
    "web.coord.problems": "Проблемы с доставкой",
    "web.coord.no_problems": "Проблем с доставкой нет.",
    "web.coord.unreachable": "{participant} ({stakeholder}): связь через {channel} невозможна",
    "web.coord.dead": "{kind} для {chat} через {channel}: доставка прекращена: {error}",
    "web.coord.downloads": "Файлы для загрузки",
    "web.coord.actions": "Действия",
    "web.coord.open": "Открыть раунд",
    "web.coord.remind": "Отправить напоминание сейчас",
    "web.coord.extend": "Продлить срок",
    "web.coord.close": "Закрыть раунд",
    "web.coord.new_deadline": "Новый срок ({zone})",
    "web.coord.confirm": "Пожалуйста, подтвердите: {action} «{title}».",
    "web.coord.confirm.yes": "Да: {action}",
    "web.coord.cancel": "Отмена",
    "web.coord.all_rounds": "Все консультации",
    "web.coord.read_only": (
        "Вы можете просматривать этот раунд; действовать в нем могут только организаторы консультаций."
    ),
    "digest.chart.headline": "{date} · представили {submitted} из {total}",
    "digest.chart.closed": "закрыт",
    "digest.chart.empty": "Ответов пока нет",
    "digest.chart.scale": "делегации, давшие ответ (из {total})",
    "digest.chart.more": {
        "… and {count} more recommendations: see the digest's text": "… и еще рекомендаций: {count} — см. текст сводки",
        (
            "… and {count} more recommendation: see the digest's text",
            "… and {count} more recommendations: see the digest's text",
        ): (
            "… и еще {count} рекомендация: см. текст сводки",
            "… и еще {count} рекомендации: см. текст сводки",
            "… и еще {count} рекомендаций: см. текст сводки",
        ),
    },
    # facilitators and questions
    "question.button": "Задать вопрос",
    "question.how": "Чтобы задать вопрос фасилитатору раздела «{section}», отправьте: вопрос {ref} ВАШ ВОПРОС",
    "question.usage": "Формат: вопрос REF ВАШ ВОПРОС, например вопрос CL-3 Распространяется ли это на …?",
    "question.sent": (
        "Ваш вопрос {label} по {ref} направлен фасилитатору ({who}). Ответ придет сюда и будет виден "
        "только вашей делегации."
    ),
    "question.list_title": "Вопросы · {title}",
    "question.none": "Вопросов пока нет.",
    "question.answer_usage": "Формат: answer Q-12 ВАШ ОТВЕТ",
    "question.answer_sent": (
        "Ваш ответ на {label} направлен только задавшей вопрос делегации ({stakeholder}). Чтобы "
        "сообщить его всем делегациям: publish {label}"
    ),
    "question.publish_usage": "Формат: publish Q-12",
    "question.published": "{label} опубликован: все делегации видят его в разделе {ref}.",
    "question.already_published": "{label} уже опубликован.",
    "role.delegate": "делегат",
    "role.focal_point": "координатор",
    "role.coordinator": "организатор консультаций",
    "role.digest": "получатель сводки",
    "item.title": "{ref} · {title}",
    "word.help": "помощь|справка",
    "word.status": "статус|состояние",
    "word.review": "обзор|просмотр",
    "word.submit": "представить|отправить",
    "word.receipt": "подтверждение|квитанция",
    "word.edit": "изменить",
    "word.back": "назад",
    "word.skip": "пропустить|далее",
    "word.rounds": "раунды",
    "word.continue": "продолжить",
    "word.timezone": "пояс",
    "word.language": "язык",
    "word.question": "вопрос",
    "word.join": "присоединиться",
    "word.no_comment": "без комментария|без комментариев|нет комментария",
    "word.position.support": "да|поддерживаю|за",
    "word.position.oppose": "нет|против|возражаю",
    "word.position.support_with_amendments": "поправки|с поправками|поправка",
    "word.position.reserve": "оговорка|резерв",
    "word.position.no_position": "нет позиции",
    "round.status.views": (
        "Другие заинтересованные стороны (мнения, учитываются отдельно): представили {submitted}, "
        "в процессе: {in_progress}, не начали: {not_started}, всего: {total}"
    ),
    # keys added on wip/dialogue, wip/content, wip/mailweb and wip/texts (used once EN has them)
    "nav.add_comment": "Добавить комментарий к {ref}",
    "nav.change_comment": "Изменить комментарий к {ref}",
    "ask.amendment.first": (
        "{ref}: позиция будет записана после получения поправки; до тех пор ответ вашей делегации не меняется."
    ),
    "changed.by_you": "Вы (в другом чате или окне)",
    "changed.by_system": "Система",
    "changed.comment": (
        "{who} изменил(а) {ref} {when}: теперь это {position}. Ваш комментарий не сохранен, "
        "поскольку он был написан к ответу, который вы видели. Добавьте его снова ниже, если он "
        "по-прежнему актуален."
    ),
    "changed.amendment": (
        "{who} изменил(а) {ref} {when}: теперь это {position}. Ваша поправка не сохранена, поскольку "
        "она была написана к ответу, который вы видели. Выберите снова ниже."
    ),
    "changed.typed": "Вы написали: «{text}»",
    "changed.review": (
        "После того как вы открыли обзор, ответы изменились (последнее изменение: {ref}, теперь "
        "{position}; {who}, {when}). Ничего не представлено: проверьте обзор ниже и представьте "
        "ответы снова, если все верно."
    ),
    "submit.unanswered.title": "Рекомендаций без ответа: {count}",
    "submit.unanswered": (
        "Рекомендаций без ответа: {count} из {total} ({refs}).\n"
        "Чтобы представить ответы сейчас, все они будут записаны как «{position}» ({delegation}), и "
        "все будет представлено за один шаг. Или сначала ответьте на них."
    ),
    "nav.no_position_submit": "«Без позиции» для {count} и представить",
    "digest.problems.stranded": (
        "Сообщения ждут канала, который не настроен ({channels}), всего {count}, для: {names}. "
        "Настройте канал снова или свяжитесь с этими людьми другим способом."
    ),
    "content.unofficial": ("Неофициальный перевод: аутентичным является оригинал на языке: {language}."),
    "content.untranslated": ("Перевод на ваш язык пока отсутствует: показан оригинал на языке: {language}."),
    "email.deadline.new_york": "{when}, то есть {new_york} по нью-йоркскому времени",
    "email.masthead": "Организация Объединенных Наций · Консультации",
    "email.footer": (
        "Отправлено системой consultbot от имени Секретариата Организации Объединенных Наций. "
        "Ответьте на это сообщение, чтобы написать группе Секретариата по консультациям."
    ),
    "email.subject.default": "Консультации",
    "web.position_on": "Позиция по {ref}",
    "web.choose_position": "Выберите позицию по {ref}.",
    "web.bad_form": ("Не удалось прочитать форму. Обновите страницу и повторите попытку; ничего не сохранено."),
    "web.not_found": "Такой страницы нет.",
    "web.coord.compilation": "Подборка (Word)",
    "web.status.draft": "проект",
    "web.status.open": "открыт",
    "web.status.closed": "закрыт",
    "web.yes": "да",
    "web.language": "Язык",
    "web.language.apply": "Изменить",
    "web.role.delegate": "делегат",
    "web.role.focal_point": "координатор",
    "web.role.coordinator": "организатор консультаций",
    "web.role.digest": "получатель сводки",
    "digest.contested.item": "{ref} ({percent})",
    "digest.kind.invitation": (
        "{count} приглашение",
        "{count} приглашения",
        "{count} приглашений",
    ),
    "digest.kind.reminder": (
        "{count} напоминание",
        "{count} напоминания",
        "{count} напоминаний",
    ),
    "digest.kind.deadline": (
        "{count} уведомление о сроке",
        "{count} уведомления о сроке",
        "{count} уведомлений о сроке",
    ),
    "digest.kind.digest": (
        "{count} сводка",
        "{count} сводки",
        "{count} сводок",
    ),
    "digest.kind.question": (
        "{count} вопрос",
        "{count} вопроса",
        "{count} вопросов",
    ),
    "digest.kind.answer": (
        "{count} ответ на вопрос",
        "{count} ответа на вопросы",
        "{count} ответов на вопросы",
    ),
    "digest.kind.clarification": (
        "{count} разъяснение",
        "{count} разъяснения",
        "{count} разъяснений",
    ),
    "digest.kind.area-digest": (
        "{count} сводка по тематической области",
        "{count} сводки по тематическим областям",
        "{count} сводок по тематическим областям",
    ),
    "digest.section.views": (
        "Мнения других заинтересованных сторон (учитываются отдельно от позиций государств-членов)"
    ),
    "digest.views.group": "Другие заинтересованные стороны (мнения)",
    "digest.group.none": "(без группы)",
    "question.received.title": "Вопрос {label} · {ref} · {delegation}",
    "question.received.text": (
        "Вопрос ({delegation}) по {ref} «{title}» ({section}):\n"
        "\n"
        "{question}\n"
        "\n"
        "Ответьте командой: answer {label} ВАШ ОТВЕТ (ответ получит только {delegation}); затем, "
        "чтобы сообщить его всем делегациям: publish {label}"
    ),
    "question.answered.title": "Ответ на {label} · {ref}",
    "question.answered.text": ("Ваш вопрос по {ref}:\n{question}\n\nОтвет фасилитатора:\n{answer}"),
    "question.clarification.title": "Разъяснение по {ref}",
    "question.clarification.text": ("Разъяснение {label} по {ref}:\nВ: {question}\nО: {answer}"),
    "followup.error.not_a_question": "«{raw}» — это не номер вопроса (например, Q-12).",
    "followup.error.no_recommendation": "В раунде {slug} нет рекомендации «{ref}».",
    "followup.error.no_facilitator": (
        "Для раздела «{section}» в этом раунде пока нет фасилитатора; ничего не отправлено. "
        "Обратитесь к организаторам консультаций."
    ),
    "followup.error.no_question": "Вопроса {raw} не существует.",
    "followup.error.answered": ("На {label} уже дан ответ; чтобы сообщить его всем: publish {label}."),
    "followup.error.unanswered": "На {label} еще нет ответа: сначала answer {label} ВАШ ОТВЕТ.",
    "area.title": "Еженедельная сводка по вашей тематической области · {title}",
    "area.head": (
        "Ваша тематическая область: {section} ({count} рекомендация)",
        "Ваша тематическая область: {section} ({count} рекомендации)",
        "Ваша тематическая область: {section} ({count} рекомендаций)",
    ),
    "area.states": (
        "Позиции государств-членов (охвачено: {count}):",
        "Позиции государств-членов (охвачено: {count}):",
        "Позиции государств-членов (охвачено: {count}):",
    ),
    "area.views": (
        "Мнения других заинтересованных сторон (охвачено: {count}):",
        "Мнения других заинтересованных сторон (охвачено: {count}):",
        "Мнения других заинтересованных сторон (охвачено: {count}):",
    ),
    "area.held": "{position} {count}",
    "area.none_yet": "пока нет",
    "area.notes": (
        "Поправки и комментарии ({count}):",
        "Поправки и комментарии ({count}):",
        "Поправки и комментарии ({count}):",
    ),
    "area.note": "{ref} {delegation} ({kind}): {text}",
    "area.kind.amendment": "поправка",
    "area.kind.comment": "комментарий",
    "area.none": "нет",
    "area.questions": (
        "Открытые вопросы ({count}):",
        "Открытые вопросы ({count}):",
        "Открытые вопросы ({count}):",
    ),
    "followup.clarifications.heading": (
        "Разъяснения, опубликованные фасилитаторами ({count})",
        "Разъяснения, опубликованные фасилитаторами ({count})",
        "Разъяснения, опубликованные фасилитаторами ({count})",
    ),
    "followup.clarifications.line": "{label} {ref}: {question} → {answer}",
    "followup.clarifications.none": "Пока ничего не опубликовано.",
    "followup.track.heading": "Последующая деятельность (ход осуществления)",
    "followup.track.per_area": "Положение по тематическим областям:",
    "followup.track.area": "{section}: {counts}",
    "followup.track.count": (
        "{status}: {count}",
        "{status}: {count}",
        "{status}: {count}",
    ),
    "followup.track.moved": (
        "Изменения ({count}):",
        "Изменения ({count}):",
        "Изменения ({count}):",
    ),
    "followup.track.move": "{ref} → {status}{lead}{note}, {date}, {by}",
    "followup.track.move.lead": " (ведущая структура: {lead})",
    "followup.track.move.note": ": {note}",
    "followup.track.moved_none": "Изменения: на этой неделе изменений нет.",
    "followup.track.apart": "Позиции и осуществление расходятся:",
    "followup.track.apart_line": (
        "{ref} осуществляется, хотя {oppose} из {answers} ответов государств-членов содержат возражения ({percent})"
    ),
    "followup.track.apart_none": (
        "Позиции и осуществление: ни одна осуществляемая рекомендация не встречает сильных возражений."
    ),
    "followup.status.implemented": "осуществляется в рамках существующих мандатов",
    "followup.status.in_progress": "в процессе осуществления",
    "followup.status.decision": "требуется межправительственное решение",
    "followup.status.discussion": "на обсуждении",
    "followup.status.not_pursued": "не реализуется",
    "followup.status.not_tracked": "не отслеживается",
    "question.line.other": "{label} {ref} ({state}): {question}",
    "question.line.own": "{label} {ref} ({state}, ваш): {question}",
    "question.state.answered": "дан ответ",
    "question.state.open": "открыт",
    "question.state.published": "опубликован",
    # the terminal's own words
    "console.goodbye": "Ваши ответы сохранены. До свидания.",
    "console.end_of_input": "Ввод завершён: ваши ответы сохранены. До свидания.",
    "console.number_as_text": (
        "Сохранить «{text}» как ваш текст? Введите y, чтобы сохранить, или что-либо другое, чтобы ввести заново."
    ),
    "console.not_saved": "Не сохранено: введите ваш текст.",
    "console.image": "(изображение размером {size} байт: воспользуйтесь мессенджером или --format png)",
    "console.message_for": "Сообщение для {chat}",
    # the UN's regional groups, by their official names
    "group.african": "Группа африканских государств",
    "group.asia_pacific": "Группа азиатско-тихоокеанских государств",
    "group.eastern_european": "Группа восточноевропейских государств",
    "group.latin_american_caribbean": "Группа государств Латинской Америки и Карибского бассейна",
    "group.western_european_others": "Группа западноевропейских и других государств",
}
