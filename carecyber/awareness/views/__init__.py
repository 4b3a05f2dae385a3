"""Pages of Keep I.T. Confidential: overview, branding, packs, calendar, exercises, and the public exercise pages."""
