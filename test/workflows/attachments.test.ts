import { describeAttachments, postgresStore } from './attachmentSuite';

/** Attachments kept in PostgreSQL (`file_chunks`), the default store. */
describeAttachments(postgresStore);
