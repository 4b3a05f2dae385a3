"""Organisations, people, roles, the tenancy scope, the audit log and the page layout."""
