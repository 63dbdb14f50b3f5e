package dev.unfreeze.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The bridge from a run's events to the UI thread: everything arrives, in order, with batches gathered. */
class FxEventBridgeTest {
    private final List<List<TrainingEvent>> deliveries = new ArrayList<>();
    private final FxEventBridge bridge = new FxEventBridge(Runnable::run, deliveries::add);

    private static TrainingEvent.BatchDone batch(long step) {
        return new TrainingEvent.BatchDone(0, (int) step, step, 1.0 / (step + 1), 0.01, 100, false);
    }

    private List<TrainingEvent> delivered() {
        return deliveries.stream().flatMap(List::stream).toList();
    }

    @Test
    void aFloodOfBatchesArrivesInFewDeliveriesEveryOneInOrder() {
        List<TrainingEvent> sent = new ArrayList<>(LongStream.range(0, 5_000).mapToObj(FxEventBridgeTest::batch).toList());
        sent.forEach(bridge::onNext);
        TrainingEvent.Notice notice = new TrainingEvent.Notice("the last epoch");
        bridge.onNext(notice);
        sent.add(notice);

        assertThat(delivered()).as("a non-batch event brings the gathered batches before it").containsExactlyElementsOf(sent);
        // sent in far less than the 100 ms a gathering lasts: a handful of deliveries, not 5,001
        assertThat(deliveries.size()).isLessThan(100);
        assertThat(deliveries.get(deliveries.size() - 1)).endsWith(notice);
    }

    @Test
    void theEndFlushesWhatWasGatheredAndABrokenConnectionIsAFailure() {
        bridge.onNext(batch(0)); // the first batch goes at once
        bridge.onNext(batch(1)); // then gathered
        bridge.onNext(batch(2));
        assertThat(delivered().size()).as("gathered, unless the machine paused for 100 ms twice").isLessThan(3);
        bridge.onComplete();
        assertThat(delivered()).containsExactly(batch(0), batch(1), batch(2));

        bridge.onError(new java.io.IOException("pipe closed"));
        assertThat(deliveries.get(deliveries.size() - 1)).singleElement().isInstanceOfSatisfying(TrainingEvent.Failed.class,
                f -> assertThat(f.message()).isEqualTo("the connection to the training process broke: pipe closed"));
    }
}
