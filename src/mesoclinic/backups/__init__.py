"""Backup and restore: one archive holds a consistent snapshot of the database and every
file under MEDIA_ROOT, with a manifest of checksums and row counts. `mesoclinic backup`
and `mesoclinic restore` are thin commands over `backup.py` and `restore.py`."""
