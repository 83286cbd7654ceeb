package org.doudi.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.doudi.outbox.Outbox;
import org.doudi.outbox.OutboxFull;
import org.doudi.outbox.Receipt;
import org.doudi.record.NewRecord;

/**
 * Lets several producers (kiosk sessions, the tablet sync, device events) share one fsync: whoever
 * arrives while a commit is under way joins the next one. Each caller still returns only after its
 * own record is durable.
 */
final class GroupCommitter implements AutoCloseable {
    private static final int MAX_GROUP = 512;

    private record Request(NewRecord record, CompletableFuture<Receipt> done) {
    }

    private final Outbox outbox;
    private final Runnable afterCommit;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean running = true;

    GroupCommitter(Outbox outbox, Runnable afterCommit) {
        this.outbox = outbox;
        this.afterCommit = afterCommit;
        this.committer = new Thread(this::commitUntilClosed, "outbox-committer");
        committer.setDaemon(true);
        committer.start();
    }

    Receipt append(NewRecord record) throws OutboxFull {
        if (!running) {
            throw new IllegalStateException("the agent is shutting down");
        }
        Request request = new Request(record, new CompletableFuture<>());
        queue.add(request);
        try {
            return request.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while saving; the record may or may not be stored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OutboxFull full) {
                throw full;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void commitUntilClosed() {
        List<Request> group = new ArrayList<>(MAX_GROUP);
        while (running || !queue.isEmpty()) {
            try {
                Request first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    /**
     * Business records and telemetry events go in separate transactions: under disk pressure the
     * outbox refuses events but keeps taking business records, and a shared batch would blur that.
     */
    private void commit(List<Request> group) {
        List<Request> business = group.stream().filter(r -> r.record().type().isBusinessRecord()).toList();
        List<Request> events = group.stream().filter(r -> !r.record().type().isBusinessRecord()).toList();
        boolean stored = commitTogether(business) | commitTogether(events);
        if (stored) {
            afterCommit.run();
        }
    }

    private boolean commitTogether(List<Request> requests) {
        if (requests.isEmpty()) {
            return false;
        }
        try {
            List<Receipt> receipts = outbox.append(requests.stream().map(Request::record).toList());
            for (int i = 0; i < requests.size(); i++) {
                requests.get(i).done().complete(receipts.get(i));
            }
            return true;
        } catch (OutboxFull | RuntimeException e) {
            requests.forEach(r -> r.done().completeExceptionally(e));
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            committer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
