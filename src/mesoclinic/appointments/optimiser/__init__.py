"""The batch optimiser's runs: proposing, keeping, showing and applying a clinic-wide
placement of the sessions still to book."""
