"""The registers of complaints and personal data breaches, each on its own clock.

``complaints.Complaints`` takes complaints from the privacy centre and from staff,
acknowledges and answers them on the declaration's clocks and closes them with the
outcome and the way to the supervisory authority. ``breaches.Breaches`` records every
breach (Art. 33(5)) with the 72 hours for notifying the authority (Art. 33(1)), the
decisions on notifying it and the people affected (Art. 34) with their reasoning, and
the authority's notification number; ``ap_export`` writes a breach in the shape of
the Dutch authority's notification form.
"""

from __future__ import annotations

from .breaches import Breaches, BreachView
from .clocks import AUTHORITY_WINDOW, ComplaintClocks, complaint_clocks
from .complaints import Complaints, ComplaintView

__all__ = [
    "AUTHORITY_WINDOW",
    "BreachView",
    "Breaches",
    "ComplaintClocks",
    "ComplaintView",
    "Complaints",
    "complaint_clocks",
]
