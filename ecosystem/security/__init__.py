"""Sign-in security: network addresses, throttling, two-factor sign-in, sessions,
upload limits and the security event log. See README.md, "Security"."""
