/** Customers whose latest status is a recorded churn (no reactivation after it), with its time. */
export function recordedChurnsOf(customers: readonly { customerId: string; statusHistory: readonly { status: string; at: string }[] }[]): Map<string, string> {
  const churned = new Map<string, string>();
  for (const customer of customers) {
    const last = customer.statusHistory[customer.statusHistory.length - 1];
    if (last?.status === 'churned') churned.set(customer.customerId, last.at);
  }
  return churned;
}
