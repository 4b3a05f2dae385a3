"""A password checker on NCSC and NIST SP 800-63B lines. Plain Python: no Django inside."""

from carecyber.accounts.passwords.breached import BreachedPasswords
from carecyber.accounts.passwords.policy import PasswordAssessment, assess_password, personal_words_from

__all__ = ["BreachedPasswords", "PasswordAssessment", "assess_password", "personal_words_from"]
