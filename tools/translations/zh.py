"""Chinese (simplified): the texts of `bot.i18n.catalogue.EN` as a Chinese-speaking delegation reads them.

UN Chinese usage (会员国, 代表团, 协调人 for a delegation's focal point, 协调员 for the Secretariat's
coordinator, 主持人 for a facilitator), the polite 您, full-width punctuation.
"""

from __future__ import annotations

from . import Translation

TEXTS: dict[str, Translation] = {
    # positions
    "position.support": "支持",
    "position.support_with_amendments": "支持但需修正",
    "position.oppose": "反对",
    "position.reserve": "保留（待首都指示）",
    "position.no_position": "无立场",
    "position.no_objection": "无异议（沉默）",
    "position.none": "尚未答复",
    # navigation
    "nav.back": "◀ 返回",
    "nav.skip": "跳过 ▶",
    "nav.review": "全部审阅",
    "nav.no_comment": "不加评论 ▶",
    "nav.submit": "代表 {delegation} 提交",
    "nav.continue": "继续",
    "nav.first_unanswered": "转到 {ref}",
    "nav.open_round": "{title}",
    # the dialogue
    "welcome": "{name}，您好。您代表 {delegation} 发言（{role}）。",
    "welcome.round": ("本轮磋商：{title}。共 {count} 项建议；在 {deadline} 之前可以修改答复。",),
    "item.header": "第 {index} 项，共 {total} 项 · {section}",
    "item.summary_of": "{document} 摘要（并非报告原文）：",
    "item.current": "贵代表团的答复：{answer}",
    "item.current_by": "贵代表团的答复：{answer}（最后由 {who} 修改）",
    "item.amendment_line": "修正：{text}",
    "item.comment_line": "评论：{text}",
    "recorded": "{ref} 已记录：{position}。",
    "recorded.unchanged": "{ref} 未更改：{position}。",
    "ask.amendment": "请输入贵代表团对 {ref} 提出的修正（一条消息）。",
    "ask.comment": "如您愿意，可对 {ref} 添加评论，或继续。",
    "ask.comment.typed": "如您愿意，可对 {ref} 添加评论（空行：不加评论）。",
    "comment.saved": "对 {ref} 的评论已保存。",
    "amendment.saved": "对 {ref} 的修正已保存。",
    "review.title": "审阅 · {delegation} · {title}",
    "review.line": "{ref} {title}：{position}",
    "receipt.line": "{ref}：{position}",
    "review.line_amendment": "    修正：{text}",
    "review.line_comment": "    评论：{text}",
    "review.progress": "已答复 {answered} 项，共 {total} 项。",
    "review.ready": "所有建议均已答复。贵代表团准备就绪后请提交。",
    "review.missing": "尚未答复：{refs}。",
    "review.submitted": "最近一次提交：{when}（回执 {receipt}）。",
    "review.changed_since": "该次提交后答复有所更改：请重新提交以更新回执。",
    "review.cannot_submit": "只有贵代表团的协调人可以提交（{names}）。",
    "review.no_focal_point": (
        "{delegation} 尚未登记协调人，因此目前无人可以提交。协调员可用以下命令指定协调人："
        "`consultbot invite CODE --role focal_point`"
    ),
    "round.closed_notice": "“{title}”轮磋商已于 {when} 结束：答复已冻结，不能再提交。",
    "receipt.title": "回执 {receipt}",
    "receipt.text": (
        (
            "{delegation} 已于 {when} 就“{title}”提交 {count} 项答复。\n"
            "回执编号：{receipt}。\n"
            "在 {deadline} 之前仍可修改答复；每次重新提交都会生成新的回执。"
        ),
    ),
    "receipt.by": "提交人：{who}。提交内容：",
    "receipt.amendment": "修正 {text}",
    "receipt.comment": "评论 {text}",
    "receipt.counts": "修正 {amendments} 项，评论 {comments} 条，均为提交时的内容。输入“回执”可再次查看。",
    "status.delegation": "{delegation} · {title}",
    "status.line": "已答复 {answered} 项，共 {total} 项 · {state}。",
    "status.deadline": "截止日期：{deadline}（{left}）。",
    "state.not_started": "未开始",
    "state.in_progress": "进行中",
    "state.submitted": "已提交",
    "help.title": "如何答复",
    "help.text": (
        "请用按钮答复每项建议（或输入立场）。\n"
        "命令：\n"
        "  审阅：贵代表团的全部答复，然后提交\n"
        "  修改 REF：修改一项答复，例如 修改 CL-3\n"
        "  返回 / 跳过：上一项或下一项建议\n"
        "  状态：贵代表团的进度\n"
        "  提交：提交贵代表团的答复\n"
        "  回执：贵代表团最近的回执及所提交的内容\n"
        "  轮次：正在进行的各轮磋商\n"
        "  时区 ZONE：您的时区，例如 时区 Asia/Shanghai\n"
        "  帮助：本说明"
    ),
    "help.text.console": (
        "请输入选项编号（或用文字输入立场）答复每项建议。\n"
        "命令：\n"
        "  审阅：贵代表团的全部答复，然后提交\n"
        "  修改 REF：修改一项答复，例如 修改 CL-3\n"
        "  返回 / 跳过：上一项或下一项建议\n"
        "  状态：贵代表团的进度\n"
        "  提交：提交贵代表团的答复\n"
        "  轮次：正在进行的各轮磋商\n"
        "  时区 ZONE：您的时区，例如 时区 Asia/Shanghai\n"
        "  帮助：本说明；quit、Ctrl-D 或 Ctrl-C：退出（您的答复已保存）"
    ),
    "help.coordinator": (
        "协调员命令：\n"
        "  status ROUND：各代表团的进度\n"
        "  open ROUND / close ROUND / extend ROUND 2027-01-31T18:00-05:00\n"
        "  remind ROUND：提醒尚未提交的代表团\n"
        "  digest [ROUND]：立即生成简报"
    ),
    "help.digest": "简报命令：\n  digest [ROUND]：立即生成简报\n  status ROUND：各代表团的进度",
    "rounds.choose": "正在进行的各轮磋商：请选择一轮。",
    "rounds.none": "目前没有面向 {delegation} 的进行中的磋商。",
    "timezone.set": "您的时区现为 {zone}。",
    "timezone.bad": "无法识别时区“{zone}”。示例：时区 Asia/Shanghai",
    "language.set": "语言已设为 {language}。",
    "language.bad": "该语言不可用。可用语言：{languages}。",
    # times
    "time.new_york": "{when} · 纽约 {new_york}",
    "time.left": "剩余 {duration}",
    "time.closed": "已截止",
    # forms
    "form.amendment.button": "撰写修正…",
    "form.comment.button": "添加评论…",
    "form.amendment.title": "修正",
    "form.comment.title": "评论",
    "form.amendment.label": "贵代表团提出的修正",
    "form.comment.label": "贵代表团的评论",
    "form.save": "保存",
    "form.cancel": "取消",
    # joining
    "join.ok": "{name}，您好。此账户现代表 {delegation} 发言（{role}）。",
    "join.bad_code": "该邀请码无效。请核对，或向秘书处索取新的邀请码。",
    "join.used_code": "该邀请码已被使用。请向秘书处索取新的邀请码。",
    "join.expired_code": "该邀请码已过期。请向秘书处索取新的邀请码。",
    "join.slow_down": ("此账户输入错误邀请码的次数过多。请在 {count} 分钟后重试。",),
    # coordinators
    "round.opened": "{slug} 轮磋商已开始：{invited} 份邀请已排队，将发送给 {delegations} 个代表团。",
    "round.closed": "{slug} 轮磋商已结束。",
    "round.already_open": "{slug} 轮磋商自 {since} 起已经开始；未排队任何内容。",
    "round.already_closed": "{slug} 轮磋商自 {since} 起已经结束；未作任何更改。",
    "round.extended": "{slug} 轮磋商：新的截止日期为 {deadline}。",
    "round.reminded": ("{slug} 轮磋商：{count} 条提醒已排队。",),
    "round.status.title": "{title} · {slug} · {status}",
    "round.status.line": "已提交 {submitted} · 进行中 {in_progress} · 未开始 {not_started}（共 {total} 个代表团）",
    "round.status.group": "{group}：已提交 {submitted}/{total}，进行中 {in_progress}",
    # pushes
    "invite.title": "磋商：{title}",
    "invite.text": (
        (
            "秘书处邀请 {delegation} 就 {count} 项建议表明立场。\n"
            "截止日期：{deadline}。\n"
            "在此之前可以修改答复；准备就绪后请代表贵代表团提交。"
        ),
    ),
    "remind.title": "提醒：{title}",
    "remind.text": "{delegation} 已答复 {answered} 项建议（共 {total} 项），尚未提交。\n截止日期：{deadline}。",
    "deadline.title": "截止日期已更改：{title}",
    "deadline.text": (
        "{delegation} 的答复截止日期现为 {deadline}。\n在此之前可以修改答复；准备就绪后请代表贵代表团提交。"
    ),
    # e-mail to contacts
    "mail.invite.greeting": "尊敬的{name}：",
    "mail.invite.text": "秘书处邀请 {delegation} 在“{title}”磋商中表明立场（共 {count} 项建议）。",
    "mail.invite.deadline": "截止日期：{deadline}。",
    "mail.invite.asked": (
        "对于每项建议，贵代表团可选择支持、支持但需修正、反对、保留（待首都指示）或无立场，"
        "并可酌情附上评论。在截止日期之前可以修改答复；由协调人代表代表团提交。"
    ),
    "mail.invite.code": "您的个人邀请码（仅限使用一次，有效期至 {expires}）：{code}",
    "mail.invite.how": "如需答复，请通过以下任一方式加入磋商：",
    "mail.join.telegram": "在 Telegram 中打开",
    "mail.join.web": "在网页浏览器中答复",
    "mail.way.telegram": "Telegram：点击下方的“在 Telegram 中打开”（在装有 Telegram 的手机或电脑上）。",
    "mail.way.web": "网页：点击下方的“在网页浏览器中答复”。",
    "mail.way.slack": "Slack：在您工作区的任一频道中输入 {line}。",
    "mail.remind.join": "您尚未加入：请使用邀请邮件中的邀请码，或回复本邮件向秘书处索取新的邀请码。",
    "mail.remind.joined": "请在与磋商机器人的对话中从上次中断处继续。",
    # errors
    "error.generic": "我方出现错误。请稍后重试。",
    "error.not_invited": "此账户尚未关联任何代表团。请使用秘书处发给您的邀请码：join CODE",
    "error.not_allowed": "您无权执行此操作。",
    "error.unknown_round": "不存在“{slug}”轮磋商。",
    "error.unknown_recommendation": "本轮磋商中没有建议“{ref}”。",
    "error.unknown_stakeholder": "不存在代表团“{code}”。",
    "error.no_open_round": "目前没有面向贵代表团的进行中的磋商。",
    "error.round_closed": "“{title}”轮磋商已于 {deadline} 结束；答复已冻结。",
    "error.round_not_open": "“{title}”轮磋商未开放（{status}）。",
    "error.bad_input": "{reason}",
    "error.bad_round_file": "磋商轮次文件存在问题：{problems}",
    "error.too_long": "文本过长（{length} 个字符；最多 {limit} 个）。未保存任何内容。",
    "error.empty": "文本为空。未保存任何内容。",
    "error.empty_round": "{slug} 轮磋商为空：尚无代表团答复。未写入任何内容。",
    "error.no_submission": "{slug} 轮磋商中尚无代表团提交。未写入任何内容。{hint}",
    "error.no_receipt": "{delegation} 尚未在本轮磋商中提交：没有回执。",
    "error.amendment_needed": "对 {ref} 选择“支持但需修正”时须提供修正案文。未保存任何内容。",
    "error.incomplete": ("未提交：{count} 项建议尚未答复（{refs}）。",),
    "error.conflict": "有人同时修改了此内容。请重试。",
    "error.unknown_command": "无法理解“{text}”。输入“帮助”查看命令。",
    "error.stale_button": "该按钮所属的磋商轮次已不再可用。",
    "error.try_again": "服务繁忙。请稍后重试；没有丢失任何内容。",
    "error.cannot_save": "未保存任何内容：服务无法写入其数据库（{reason}）。已通知秘书处；请稍后重试。",
    # the digest
    "digest.title": "磋商简报 · {date}",
    "digest.chart_title": "立场与覆盖情况 · {title}",
    "digest.chart_of": "图表显示“{title}”。",
    "digest.no_round": "目前没有进行中的磋商。",
    "digest.quiet_all": "本周平静：无可报告事项。",
    "digest.since_opened": "本轮开始",
    "digest.more": {
        "{shown} and {more} more": "{shown}，另有 {more} 个",
        (
            "{count} more",
            "{count} more",
        ): ("另有 {count} 个",),
    },
    "digest.lead.round": "{title}：截止日期 {deadline}，{left}。",
    "digest.lead.coverage": {
        (
            "{submitted} of {total} delegations submitted ({percent}%) · {in_progress} in progress · "
            "{not_started} not started."
        ): ("{total} 个代表团中已有 {submitted} 个提交（{percent}%）· 进行中 {in_progress} · 未开始 {not_started}。"),
        (
            (
                "{submitted} of {count} delegation submitted ({percent}) · {in_progress} in progress "
                "· {not_started} not started."
            ),
            (
                "{submitted} of {count} delegations submitted ({percent}) · {in_progress} in "
                "progress · {not_started} not started."
            ),
        ): (("{count} 个代表团中已有 {submitted} 个提交（{percent}）· 进行中 {in_progress} · 未开始 {not_started}。"),),
    },
    "digest.lead.unsubmitted": {
        (
            " {count} with changes not submitted (positions count what was submitted)."
        ): " 其中 {count} 个有未提交的更改（立场按已提交内容统计）。",
        (
            (" {count} with changes not submitted (positions count what was submitted)."),
            (" {count} with changes not submitted (positions count what was submitted)."),
        ): (" 其中 {count} 个有未提交的更改（立场按已提交内容统计）。",),
    },
    "digest.lead.activity": (
        "自 {since} 以来：提交 {submitted} · 开始 {started} · 立场变更 {positions} · 新评论 {comments}。"
    ),
    "digest.lead.quiet": "本周平静：自 {since} 以来没有新的答复、提交或评论。",
    "digest.lead.contested": "分歧最大：{items}。",
    "digest.section.groups": "按区域组分列的覆盖情况",
    "digest.section.other_groups": "其他组",
    "digest.group": "{group}：已提交 {submitted}/{total} · 进行中 {in_progress} · 未开始 {not_started}",
    "digest.section.changes": "自 {since} 以来的变化",
    "digest.changes.none": "没有新情况：没有答复、提交或评论。",
    "digest.changes.submitted": "已提交（{count}，最新的在前）：{names}",
    "digest.changes.resubmitted": "再次提交（{count}，最新的在前）：{names}",
    "digest.changes.started": "已开始答复（{count}）：{names}",
    "digest.changes.counts": "新答复 {answers} · 立场变更 {positions} · 新评论 {comments}",
    "digest.changes.shifts": "最大变化：{items}",
    "digest.changes.latest": "最新变化：",
    "digest.change.position": "{when} · {delegation} · {ref}：{before} → {after}",
    "digest.change.comment": "{when} · {delegation} · {ref}：“{comment}”",
    "digest.section.contested": "分歧最大的建议",
    "digest.contested.definition": (
        "反对和保留在已作答复中所占比例（无立场算作答复，沉默不算）；至少 {floor} 项答复；比例相同时，异议较多者在前。"
    ),
    "digest.contested.line": {
        ("{ref} {title}: {percent}% ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title}：{percent}%（{answers} 项中 {dissent} 项：反对 {oppose}，保留 {reserve}）"
        ),
        ("{ref} {title}: {percent} ({dissent} of {answers}: {oppose} oppose, {reserve} reserve)"): (
            "{ref} {title}：{percent}（{answers} 项中 {dissent} 项：反对 {oppose}，保留 {reserve}）"
        ),
    },
    "digest.contested.none": "迄今没有任何建议遭到反对或保留。",
    "digest.section.positions": "各项建议的立场",
    "digest.positions.legend": "计数：{labels}",
    "digest.pos.support": "支持",
    "digest.pos.support_with_amendments": "需修正",
    "digest.pos.oppose": "反对",
    "digest.pos.reserve": "保留",
    "digest.pos.no_position": "无立场",
    "digest.pos.no_objection": "无异议",
    "digest.pos.none": "无答复",
    "digest.section.not_started": "未开始（{count}）",
    "digest.not_started.group": "{group}（{count}）：{names}",
    "digest.not_started.none": "所有代表团均已开始。",
    "digest.not_started.full": "完整名单：consultbot round status {slug}",
    "digest.section.problems": "投递问题",
    "digest.problems.person": "{delegation} · {participant}（{channel}）",
    "digest.problems.unreachable": "无法联系的参与者（{count}）：{names}",
    "digest.problems.dead": "已放弃投递的消息（{count}）：{kinds}",
    "digest.problems.none": "无：每个尚未提交的代表团都有机器人能够联系到的人员。",
    "digest.problems.nobody": "无人可联系的代表团（{count}）：{names}",
    "digest.section.deadlines": "即将到来的截止日期",
    "digest.deadline": "{title}：{deadline}，{left}",
    "digest.deadline.reminder": "下次提醒 {when}",
    "digest.deadline.opens": "{title} 于 {when} 开始",
    "digest.deadline.none": "没有即将到来的截止日期。",
    "digest.col.group": "组",
    "digest.col.all": "所有代表团",
    "digest.col.submitted": "已提交",
    "digest.col.in_progress": "进行中",
    "digest.col.not_started": "未开始",
    "digest.col.total": "总计",
    "digest.col.recommendation": "建议",
    "digest.col.answers": "答复",
    "digest.chart.delegations": "代表团",
    "digest.chart.percent": "占该组代表团的百分比（标签：已提交/总数）",
    # the web pages
    "web.skip": "跳至正文",
    "web.brand": "consultbot",
    "web.signed_in_as": "已登录：{name}，{delegation}",
    "web.sign_out": "退出登录",
    "web.signed_out": "您已退出登录。请使用秘书处发送的新链接重新登录。",
    "web.login.title": "登录",
    "web.login.text": "此一次性链接将以 {delegation} 的身份为您登录。仅可使用一次。",
    "web.login.button": "登录",
    "web.refused.title": "此链接无法使用",
    "web.refused.session": "请使用秘书处发给您的链接登录。",
    "web.forbidden": "此页面不适用于您的角色。",
    "web.csrf": "此表单已过期。请重新加载页面后重试；未保存任何内容。",
    "web.rounds.title": "您的磋商",
    "web.rounds.none": "目前没有面向贵代表团的磋商。",
    "web.round.deadline": "截止日期：{deadline}",
    "web.progress": "已答复 {answered} 项，共 {total} 项",
    "web.positions": "立场",
    "web.amendment": "修正（选择“支持但需修正”时必填）",
    "web.comment": "评论（可选）",
    "web.save": "保存 {ref}",
    "web.saved": "已保存",
    "web.unanswered": "尚未答复",
    "web.review": "审阅并提交",
    "web.review.title": "审阅：{title}",
    "web.back_to_answers": "返回答复",
    "web.edit": "修改 {ref}",
    "web.submit": "代表 {delegation} 提交",
    "web.receipt": "您的回执",
    "web.closed": "本轮磋商不再接受答复。",
    "web.coord.title": "磋商",
    "web.coord.round": "轮次",
    "web.coord.state": "状态",
    "web.coord.deadline": "截止日期",
    "web.coord.coverage": "已提交",
    "web.coord.in_progress": "进行中",
    "web.coord.delegations": "按区域组分列的代表团",
    "web.coord.filter": "显示",
    "web.coord.filter.all": "所有代表团",
    "web.coord.filter.pending": "尚需答复的代表团",
    "web.coord.filter.apply": "筛选",
    "web.coord.delegation": "代表团",
    "web.coord.answered": "已答复",
    "web.coord.submitted_at": "提交时间",
    "web.coord.receipt": "回执",
    "web.coord.changed": "提交后有更改",
    "web.coord.none": "此列表中没有任何人。",
    "web.coord.positions": "各项建议的立场",
    "web.coord.chart": "各项建议的立场及按组分列的覆盖情况图表",
    "web.coord.recommendation": "建议",
    "web.coord.problems": "投递问题",
    "web.coord.no_problems": "没有投递问题。",
    "web.coord.unreachable": "无法通过 {channel} 联系 {participant}（{stakeholder}）",
    "web.coord.dead": "已放弃通过 {channel} 向 {chat} 投递 {kind}：{error}",
    "web.coord.downloads": "下载",
    "web.coord.actions": "操作",
    "web.coord.open": "开始本轮磋商",
    "web.coord.remind": "立即发送提醒",
    "web.coord.extend": "延长截止日期",
    "web.coord.close": "结束本轮磋商",
    "web.coord.new_deadline": "新的截止日期（{zone}）",
    "web.coord.confirm": "请确认：{action}“{title}”。",
    "web.coord.confirm.yes": "是，{action}",
    "web.coord.cancel": "取消",
    "web.coord.all_rounds": "所有磋商",
    "web.coord.read_only": "您可以查看本轮磋商；只有协调员可以对其进行操作。",
    "digest.chart.headline": "{date} · 已提交 {submitted}/{total}",
    "digest.chart.closed": "已结束",
    "digest.chart.empty": "尚无答复",
    "digest.chart.scale": "已答复的代表团（共 {total} 个）",
    "digest.chart.more": {
        "… and {count} more recommendations: see the digest's text": "… 另有 {count} 项建议：见简报正文",
        (
            "… and {count} more recommendation: see the digest's text",
            "… and {count} more recommendations: see the digest's text",
        ): ("… 另有 {count} 项建议：见简报正文",),
    },
    # facilitators and questions
    "question.button": "提问",
    "question.how": "如需向“{section}”的主持人提问，请发送：提问 {ref} 您的问题",
    "question.usage": "用法：提问 REF 您的问题，例如 提问 CL-3 这是否涵盖……？",
    "question.sent": "您关于 {ref} 的问题 {label} 已发送给主持人（{who}）。答复将发送到这里，仅限贵代表团。",
    "question.list_title": "问题 · {title}",
    "question.none": "尚无问题。",
    "question.answer_usage": "用法：answer Q-12 您的答复",
    "question.answer_sent": "您对 {label} 的答复仅发送给了 {stakeholder}。如需与所有代表团分享：publish {label}",
    "question.publish_usage": "用法：publish Q-12",
    "question.published": "{label} 已公布：所有代表团均可在 {ref} 下看到。",
    "question.already_published": "{label} 已经公布。",
    "role.delegate": "代表",
    "role.focal_point": "协调人",
    "role.coordinator": "协调员",
    "role.digest": "简报接收人",
    "item.title": "{ref} · {title}",
    "word.help": "帮助",
    "word.status": "状态|进度",
    "word.review": "审阅|查看",
    "word.submit": "提交",
    "word.receipt": "回执",
    "word.edit": "修改|编辑",
    "word.back": "返回|上一项",
    "word.skip": "跳过|下一项",
    "word.rounds": "轮次",
    "word.continue": "继续",
    "word.timezone": "时区",
    "word.language": "语言",
    "word.question": "提问",
    "word.join": "加入",
    "word.no_comment": "不加评论|无评论|没有评论|不评论",
    "word.position.support": "是|同意",
    "word.position.oppose": "否|不同意",
    "word.position.support_with_amendments": "修正|需修正",
    "word.position.reserve": "保留意见",
    "word.position.no_position": "没有立场|不表态",
    "round.status.views": (
        "其他利益攸关方（意见，另行统计）：已提交 {submitted}，进行中 {in_progress}，未开始 {not_started}，共 {total}"
    ),
    # keys added on wip/dialogue, wip/content, wip/mailweb and wip/texts (used once EN has them)
    "nav.add_comment": "对 {ref} 添加评论",
    "nav.change_comment": "修改对 {ref} 的评论",
    "ask.amendment.first": "收到修正后才会记录 {ref}；在此之前，贵代表团的答复保持不变。",
    "changed.by_you": "您（在另一个对话或窗口中）",
    "changed.by_system": "系统",
    "changed.comment": (
        "{who} 于 {when} 修改了 {ref}：现为{position}。"
        "您的评论未予保存，因为它是针对您当时看到的答复撰写的。"
        "如仍适用，请在下方重新添加。"
    ),
    "changed.amendment": (
        "{who} 于 {when} 修改了 {ref}：现为{position}。"
        "您的修正未予保存，因为它是针对您当时看到的答复撰写的。"
        "请在下方重新选择。"
    ),
    "changed.typed": "您写的内容：“{text}”",
    "changed.review": (
        "自您打开审阅以来答复已有更改（最新更改：{ref}，现为{position}，由 {who} 于 {when} 更改）。"
        "未提交任何内容：请核对下方的审阅，如无误请重新提交。"
    ),
    "submit.unanswered.title": "{count} 项建议未答复",
    "submit.unanswered": (
        "{total} 项建议中有 {count} 项尚未答复：{refs}。\n"
        "如现在提交，这些建议将全部记录为“{position}”（{delegation}），并一步完成全部提交。也可以先答复这些建议。"
    ),
    "nav.no_position_submit": "将 {count} 项标为“无立场”并提交",
    "digest.problems.stranded": (
        "等待未配置渠道（{channels}）的消息共 {count} 条，收件人：{names}。"
        "请重新配置该渠道，或通过其他方式联系这些人员。"
    ),
    "content.unofficial": "非正式译文：以{language}原文为准。",
    "content.untranslated": "尚未译成您的语言：显示{language}原文。",
    "email.deadline.new_york": "{when}，即纽约时间 {new_york}",
    "email.masthead": "联合国 · 磋商",
    "email.footer": "由 consultbot 代表联合国秘书处发送。如需致函秘书处磋商小组，请回复本邮件。",
    "email.subject.default": "磋商",
    "web.position_on": "对 {ref} 的立场",
    "web.choose_position": "请为 {ref} 选择立场。",
    "web.bad_form": "无法读取此表单。请重新加载页面后重试；未保存任何内容。",
    "web.not_found": "该页面不存在。",
    "web.coord.compilation": "汇编（Word）",
    "web.status.draft": "草稿",
    "web.status.open": "进行中",
    "web.status.closed": "已结束",
    "web.yes": "是",
    "web.language": "语言",
    "web.language.apply": "更改",
    "web.role.delegate": "代表",
    "web.role.focal_point": "协调人",
    "web.role.coordinator": "协调员",
    "web.role.digest": "简报接收人",
    "digest.contested.item": "{ref}（{percent}）",
    "digest.kind.invitation": ("{count} 份邀请",),
    "digest.kind.reminder": ("{count} 条提醒",),
    "digest.kind.deadline": ("{count} 份截止日期通知",),
    "digest.kind.digest": ("{count} 份简报",),
    "digest.kind.question": ("{count} 个问题",),
    "digest.kind.answer": ("{count} 个问题答复",),
    "digest.kind.clarification": ("{count} 份澄清",),
    "digest.kind.area-digest": ("{count} 份领域简报",),
    "digest.section.views": "其他利益攸关方的意见（与会员国立场分开统计）",
    "digest.views.group": "其他利益攸关方（意见）",
    "digest.group.none": "（无组别）",
    "question.received.title": "问题 {label} · {ref} · {delegation}",
    "question.received.text": (
        "{delegation} 就 {ref}“{title}”（{section}）提问：\n"
        "\n"
        "{question}\n"
        "\n"
        "答复方式：answer {label} 您的答复（仅发送给 {delegation}）；如需与所有代表团分享：publish {label}"
    ),
    "question.answered.title": "对 {label} 的答复 · {ref}",
    "question.answered.text": ("您关于 {ref} 的问题：\n{question}\n\n主持人的答复：\n{answer}"),
    "question.clarification.title": "关于 {ref} 的澄清",
    "question.clarification.text": ("关于 {ref} 的澄清 {label}：\n问：{question}\n答：{answer}"),
    "followup.error.not_a_question": "“{raw}”不是问题编号（例如 Q-12）。",
    "followup.error.no_recommendation": "{slug} 轮磋商中没有建议“{ref}”。",
    "followup.error.no_facilitator": "本轮磋商中尚无人主持“{section}”；未发送任何内容。请询问协调员。",
    "followup.error.no_question": "不存在问题 {raw}。",
    "followup.error.answered": "{label} 已有答复；如需分享：publish {label}。",
    "followup.error.unanswered": "{label} 尚无答复：请先 answer {label} 您的答复。",
    "area.title": "您所负责领域的每周简报 · {title}",
    "area.head": ("您的领域：{section}（{count} 项建议）",),
    "area.states": ("会员国立场（涉及 {count} 个）：",),
    "area.views": ("其他利益攸关方意见（涉及 {count} 个）：",),
    "area.held": "{position} {count}",
    "area.none_yet": "尚无",
    "area.notes": ("修正和评论（{count}）：",),
    "area.note": "{ref} {delegation}（{kind}）：{text}",
    "area.kind.amendment": "修正",
    "area.kind.comment": "评论",
    "area.none": "无",
    "area.questions": ("未决问题（{count}）：",),
    "followup.clarifications.heading": ("主持人发布的澄清（{count}）",),
    "followup.clarifications.line": "{label} {ref}：{question} → {answer}",
    "followup.clarifications.none": "尚未发布任何澄清。",
    "followup.track.heading": "后续跟踪（执行情况）",
    "followup.track.per_area": "各领域情况：",
    "followup.track.area": "{section}：{counts}",
    "followup.track.count": ("{status} {count}",),
    "followup.track.moved": ("变化情况（{count}）：",),
    "followup.track.move": "{ref} → {status}{lead}{note}，{date}，由 {by}",
    "followup.track.move.lead": "（牵头方：{lead}）",
    "followup.track.move.note": "：{note}",
    "followup.track.moved_none": "变化情况：本周没有变化。",
    "followup.track.apart": "立场与执行情况存在分歧：",
    "followup.track.apart_line": "{ref} 正在执行，但会员国的 {answers} 份答复中有 {oppose} 份表示反对（{percent}）",
    "followup.track.apart_none": "立场与执行情况：没有正在执行的建议遭到强烈反对。",
    "followup.status.implemented": "已在现有任务范围内执行",
    "followup.status.in_progress": "正在执行",
    "followup.status.decision": "需要政府间决定",
    "followup.status.discussion": "正在讨论",
    "followup.status.not_pursued": "不再推进",
    "followup.status.not_tracked": "未跟踪",
    "question.line.other": "{label} {ref}（{state}）：{question}",
    "question.line.own": "{label} {ref}（{state}，您的问题）：{question}",
    "question.state.answered": "已答复",
    "question.state.open": "待答复",
    "question.state.published": "已公布",
    # the terminal's own words
    "console.goodbye": "您的答复已保存。再见。",
    "console.end_of_input": "输入结束：您的答复已保存。再见。",
    "console.number_as_text": "将“{text}”保存为您的文本吗？输入 y 保存，输入其他内容则重新输入。",
    "console.not_saved": "未保存：请输入您的文本。",
    "console.image": "（一张 {size} 字节的图片：请使用聊天渠道或 --format png）",
    "console.message_for": "致 {chat} 的消息",
    # the UN's regional groups, by their official names
    "group.african": "非洲国家组",
    "group.asia_pacific": "亚洲—太平洋国家组",
    "group.eastern_european": "东欧国家组",
    "group.latin_american_caribbean": "拉丁美洲和加勒比国家组",
    "group.western_european_others": "西欧和其他国家组",
}
