import { newReceipt, type Receipt } from '@millwright/sdk';
import type { IPublishPacket, MqttClient } from 'mqtt';

/** Why mqtt.js's handleMessage callback fails on purpose: the acknowledgement is ours to send. */
const DEFERRED = new Error('acknowledged once the flow has taken the message');

interface Pending {
  packet: IPublishPacket;
  taken: boolean;
}

/**
 * Ack after take for QoS 1 and 2 messages: a message is acknowledged to the broker (PUBACK, or
 * PUBCOMP for QoS 2) only once every flow it was dispatched to has taken it (see the SDK's take
 * receipts), and in the order the messages arrived, as MQTT requires. Until then the broker keeps
 * it: if the process dies, the broker sends it again when the persistent session reconnects
 * (at least once; the redelivery has `dup` set). The unacknowledged window also paces the broker:
 * it sends no more than its in-flight limit (MQTT 5: our Receive Maximum) beyond what was taken.
 *
 * mqtt.js sends the acknowledgement after its `handleMessage` callback; this makes that callback
 * fail, so mqtt.js sends nothing and reads on, and sends the acknowledgement itself.
 */
export class TakenAcks {
  private pending: Pending[] = [];
  private readonly byPacket = new WeakMap<IPublishPacket, Pending>();

  constructor(private readonly client: MqttClient) {
    client.handleMessage = (packet, callback) => {
      // Only packets this queue knows wait for a take; others are acknowledged by mqtt.js as usual.
      if (packet.cmd === 'publish' && this.byPacket.has(packet)) callback(DEFERRED);
      else callback();
    };
    // Acknowledgements belong to the connection that received the messages: after a reconnect the
    // broker sends the unacknowledged ones again, under packet ids that may be reused.
    client.on('close', () => this.reset());
  }

  /**
   * Registers a QoS 1/2 message that is being dispatched and returns its receipt, held once by the
   * dispatcher: release it after handing the message to every subscriber.
   */
  receive(packet: IPublishPacket): Receipt {
    const entry: Pending = { packet, taken: false };
    this.pending.push(entry);
    this.byPacket.set(packet, entry);
    return newReceipt(
      () => {
        entry.taken = true;
        this.flush();
      },
      // A node dropped the message unfinished (closed by a stop or a deploy). MQTT has no negative
      // acknowledgement: the connection starts over, and the broker sends every unacknowledged
      // message of the persistent session again.
      () => {
        if (this.pending.includes(entry)) this.restart();
      },
    );
  }

  /** Ends the connection (mqtt.js reconnects at once); what was not acknowledged comes again. */
  private restart(): void {
    this.reset();
    this.client.stream?.destroy();
  }

  /** Messages received and not yet acknowledged. */
  get size(): number {
    return this.pending.length;
  }

  /** Forgets what waits (the connection closed); late takes of those messages send nothing. */
  reset(): void {
    this.pending = [];
  }

  private flush(): void {
    let sent = 0;
    while (sent < this.pending.length && this.pending[sent]?.taken) {
      this.acknowledge((this.pending[sent] as Pending).packet);
      sent++;
    }
    if (sent) this.pending = this.pending.slice(sent);
  }

  private acknowledge(packet: IPublishPacket): void {
    const client = this.client;
    if (!client.connected) return;
    // mqtt.js has no public call to send an acknowledgement; `_sendPacket` is what its handlers use.
    const send = (Reflect.get(client, '_sendPacket') as SendPacket).bind(client);
    if (packet.qos === 1) send({ cmd: 'puback', messageId: packet.messageId });
    else if (packet.qos === 2) {
      client.incomingStore.del(packet, () => undefined);
      send({ cmd: 'pubcomp', messageId: packet.messageId });
    }
  }
}

type SendPacket = (packet: { cmd: 'puback' | 'pubcomp'; messageId?: number }) => void;
