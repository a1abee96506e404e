"""Messages to patients: email now, SMS later behind the same channel protocol.

Every part that writes to a patient calls `services.message_queue`; the send happens in
a queued job (`tasks.message_send`) with retries, and each message keeps its status for
the desk. Messages that fall due with time come from producers registered with
`due.due_producer`, run by the worker every few minutes and by `mesoclinic send-due`.
"""
