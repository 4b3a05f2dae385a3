"""Broadcast: threat advisories targeted by asset inventory, responses with deadlines, STIX/TAXII and CSAF."""
