"""Sign-in, two-factor authentication, the password policy and checker, and API tokens."""
