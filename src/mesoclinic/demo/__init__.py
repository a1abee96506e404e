"""Demo data: a fictional chain to try mesoclinic with. Loaded only by `mesoclinic demo`."""
