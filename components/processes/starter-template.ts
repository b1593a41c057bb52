// What a new process starts from: the documented example, to be adapted (its agents must exist to save it).
export const STARTER_PROCESS_YAML = `name: publish-weekly-report
description: Draft the report, get sign-off, publish it
steps:
  - id: draft
    type: agent_task
    agent: writer
    message: "Draft the weekly report for {{input.week}}. Reviewer's notes, if any: {{steps.review.comment}}"
    model: sonnet            # optional
    timeout: 10m             # optional
  - id: review
    type: human_approval
    title: "Publish the report for {{input.week}}?"
    description: "{{steps.draft.output}}"
    approvers: [alice@example.com, role:admin]   # omitted: anyone signed in
    required_approvals: 1    # quorum, default 1
    timeout: 24h             # optional
    on_timeout: reject       # reject (default) | approve
    on_reject: draft         # a step id to go back to (also on "request changes"), or cancel (default)
    reminders: [4h, 1h]      # optional: before the deadline (needs a timeout)
    remind_every: 8h         # optional: every 8h from the request, until decided
    escalate_to: [role:admin]    # optional: added as approvers when a reminder goes unanswered
    escalate_after: 1        # unanswered reminders before escalating (default 1)
    allow_self_approval: false   # the person who started the run may not approve
  - id: publish
    type: agent_task
    agent: publisher
    message: "Publish: {{steps.draft.output}}"
`;
