-- Structured data an adapter may use to render a message natively (a poll's options as
-- buttons or as a Matrix poll), alongside the text every platform can show.
ALTER TABLE outbox ADD COLUMN extra TEXT;
