import { Migration } from '@mikro-orm/migrations';

/**
 * Account phone and e-mail and the data-sharing contact are sealed at rest (issue 14.7): new
 * `bytea` columns beside the clear ones. SQL cannot encrypt, so the gateway moves existing values
 * right after migrating (`sealClearColumns`) and empties the clear columns, which stay nullable.
 */
export class Migration20261207180000SealedContacts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "account" add column "phone_enc" bytea null, add column "email_enc" bytea null;`);
    this.addSql(`alter table "data_sharing_application" add column "contact_name_enc" bytea null, add column "contact_phone_enc" bytea null,
      alter column "contact_name" drop not null, alter column "contact_phone" drop not null;`);
  }
}
