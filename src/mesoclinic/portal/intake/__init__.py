"""Before the first visit: her answers to the health questions and her consent."""
