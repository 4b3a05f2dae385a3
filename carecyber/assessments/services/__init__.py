"""Every change of state in the toolkit: one keyword-only function per verb, transactional and audited.

Split by noun: frameworks, assessments (answers, assignees, comments),
evidence, publishing and status, plans, audits, reminders, benchmarks.
"""
