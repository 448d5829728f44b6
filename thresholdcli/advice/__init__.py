"""What to tell the practitioner: scoring, consent, contacts, level mapping, cards."""
