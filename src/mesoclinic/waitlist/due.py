"""Offers that lapse pass to the next in line when the "send what is due" job runs."""

from datetime import datetime

from mesoclinic.messaging.due import due_producer
from mesoclinic.waitlist.offers import offers_expire


@due_producer
def waitlist_offers_lapse(now: datetime) -> int:
    return offers_expire(now)
