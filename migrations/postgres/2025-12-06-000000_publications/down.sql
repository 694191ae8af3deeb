DROP TABLE publicity_changes;
DROP TABLE publication_withdrawals;
DROP TABLE publications;
