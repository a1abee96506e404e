"""What the project's background jobs share: the heartbeat a long job keeps while a worker
runs it. The jobs themselves live in each app's `tasks.py`; `mesoclinic worker` runs them."""
