"""Side effects she reports after a session."""
