"""Course-aware scheduling: pure Python, no Django."""
