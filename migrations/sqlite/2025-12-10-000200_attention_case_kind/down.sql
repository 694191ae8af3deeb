DROP INDEX attention_case_kind;
