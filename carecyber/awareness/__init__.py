"""Keep I.T. Confidential: campaign packs in an organisation's own name, a calendar, phishing exercises."""
