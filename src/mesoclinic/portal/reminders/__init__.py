"""Reminders before appointments with confirm and cancel links, and invitations to recalls
and overdue follow-ups."""
