"""Requests to the archive that owns a record (异地受理、属地办理、线上流转、就近出证).

A request is filed at the kiosk (by the resident, or by an agent for a resident present or absent), put in
the outbox, forwarded by the kiosk's gateway to the owning district's gateway, completed or rejected
there, and its result comes back to be printed at the point nearest the resident.
"""
