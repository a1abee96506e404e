from ninja import Router

router = Router(tags=["adverse_events"])
