export interface StaffAccountTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  store_id: string | null;
  locale: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

export interface StaffTables {
  staff_accounts: StaffAccountTable;
}
