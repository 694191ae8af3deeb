DROP INDEX attention_open_due;
DROP INDEX publications_due;
