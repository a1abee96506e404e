"""Her course online: seeing it, booking the sessions still to book, moving and cancelling,
within the clinic's online limits."""
