DROP INDEX attention_open_kind;
