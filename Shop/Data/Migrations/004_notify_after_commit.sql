-- NOTIFY moves out of the inserting transaction (Shop/Messaging/OutboxNotifier.cs): PostgreSQL serialises
-- the commits of notifying transactions, which capped order intake.
DROP TRIGGER outbox_messages_notify ON outbox_messages;
DROP FUNCTION notify_outbox();
