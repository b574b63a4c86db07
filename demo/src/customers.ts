/** The demo shop's CRM: a few customers whose IDs the widget links answers to. */
export interface DemoCustomer {
  contactId: string;
  name: string;
  email: string;
}

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  { contactId: 'crm-1001', name: 'Ada Lovelace', email: 'ada@example.com' },
  { contactId: 'crm-1002', name: 'Somchai Jaidee', email: 'somchai@example.co.th' },
  { contactId: 'crm-1003', name: 'Nguyễn Thị Lan', email: 'lan@example.vn' },
];

export function customerById(contactId: string | undefined): DemoCustomer | undefined {
  return DEMO_CUSTOMERS.find((customer) => customer.contactId === contactId);
}
