"""Every change of state in support: one keyword-only function per verb, transactional and audited.

Split by noun (guidance, policies, helpline, partners, events); each module's
functions are named `<thing>_<verb>`.
"""
