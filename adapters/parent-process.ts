/**
 * When this process was started by `npm start`'s supervisor (which opens an IPC channel to it), calls `stop` as soon as
 * the channel closes: a supervisor that dies without stopping its children then leaves no worker or API behind.
 */
export function stopWhenParentExits(stop: () => void): void {
  if (!process.channel) return;
  // The channel must not keep this process alive once its own work is done.
  process.channel.unref();
  process.once('disconnect', stop);
}
