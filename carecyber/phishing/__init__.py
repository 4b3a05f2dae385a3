"""Phishing reports by mailbox or upload, the triage engine, feedback to reporters, campaigns."""
