/** The @org/hercle page: BTCUSDT prices from the Hercle simulator (hercle.md §4.1) over SignalR, from another origin. */
import { HercleClient } from '@org/hercle';
import { createView, query } from './view';

const { report, update } = createView('@org/hercle in the browser');
const client = new HercleClient({ url: query('url'), apiKey: query('key') });
client.status$.subscribe((state) => update({ status: state.status, errors: state.error ? [...report.errors, state.error.message] : report.errors }));
client.prices('BTCUSDT', 0.5).subscribe({
  next: (price) => update({ received: report.received + 1, latest: `BTCUSDT 0.5 buy ${price.buyPrice} sell ${price.sellPrice}` }),
  error: (error: Error) => update({ errors: [...report.errors, error.message] }),
});
