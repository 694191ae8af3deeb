DROP INDEX attention_open_subject;
