DROP TABLE publication_sums;
