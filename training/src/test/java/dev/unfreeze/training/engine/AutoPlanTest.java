package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.runs.PlanJson;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automatic plan on the small CNN and the bundled sample (20 images per class). */
class AutoPlanTest {
    @TempDir
    Path workspace;
    @TempDir
    Path runs;

    @Test
    void theSearchScoresEveryCandidateOnFoldsPicksTheBestAndRecordsAConcreteRecipe() throws Exception {
        Recipe recipe = smallCnnAuto(TestData.fashionSample().toString(), "auto:40", 4);
        Path dir = runs.resolve("auto");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, dir));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);

        PlanReport plan = PlanJson.read(Files.readString(dir.resolve("plan.json")));
        assertThat(plan.candidates()).hasSize(5);
        assertThat(plan.candidates()).extracting(PlanReport.Candidate::name)
                .contains("linear-probe", "bitfit", "full", "gradual").anyMatch(n -> n.startsWith("partial:"));
        // a budget that covers every candidate on every fold: no screening
        List<PlanReport.Candidate> scored = plan.candidates().stream().filter(PlanReport.Candidate::scored).toList();
        assertThat(scored).hasSizeGreaterThanOrEqualTo(3);
        PlanReport.Candidate best = scored.stream().max(Comparator.comparingDouble(PlanReport.Candidate::accuracy)).orElseThrow();
        assertThat(plan.candidates().get(0).accuracy()).as("best first").isEqualTo(best.accuracy());
        PlanReport.Candidate chosen = plan.candidates().stream().filter(c -> c.name().equals(plan.chosen())).findFirst()
                .orElseThrow();
        // the best by its own folds, or a simpler plan within two standard errors of it
        double held = 100 / plan.folds() * best.foldsScored();
        assertThat(chosen.accuracy()).isGreaterThanOrEqualTo(best.accuracy()
                - Math.sqrt(best.accuracy() * (1 - best.accuracy()) / held) - 1e-9);
        assertThat(plan.reason()).contains(chosen.name());
        assertThat(plan.folds()).isBetween(2, 5); // 20 images per class: scored by folds, not one split
        assertThat(plan.spentSeconds()).isLessThanOrEqualTo(plan.budgetSeconds() * 1.5);
        assertThat(events).anyMatch(e -> e instanceof TrainingEvent.PlanChosen);
        // the leaderboard fills in as the search goes: first the probe on every fold, then each fine-tune's folds
        List<PlanReport> partial = events.stream().filter(TrainingEvent.PlanScores.class::isInstance)
                .map(e -> ((TrainingEvent.PlanScores) e).report()).toList();
        assertThat(partial).isNotEmpty().allMatch(PlanReport::searching);
        assertThat(partial.get(0).candidates()).extracting(PlanReport.Candidate::name).containsExactly("linear-probe");
        assertThat(partial.get(partial.size() - 1).candidates()).hasSize(plan.candidates().size());
        assertThat(partial.get(partial.size() - 1).candidates()).filteredOn(c -> c.name().equals("full"))
                .allSatisfy(c -> assertThat(c.foldsScored()).isPositive());

        // what trained is the chosen candidate's recipe, concrete, so that it runs again without searching
        Recipe recorded = RecipeCodec.read(dir.resolve("recipe.json"));
        assertThat(recorded.schedule()).isEqualTo(chosen.recipe().schedule());
        assertThat(recorded.schedule().automatic()).isFalse();
        assertThat(recorded.epochs()).isPositive();
        assertThat(recorded.augmentation()).isNotNull();
        if (!(recorded.schedule() instanceof Schedule.FeatureExtraction)) {
            // the small CNN on its own kind of picture: mirror images only, said once, by the search
            assertThat(recorded.augmentation()).isEqualTo(Recipe.Augmentation.FLIPS);
        }
        assertThat(events).filteredOn(e -> e instanceof TrainingEvent.Notice n && n.message().startsWith("Augmentation:"))
                .singleElement().satisfies(n -> assertThat(((TrainingEvent.Notice) n).message())
                        .startsWith("Augmentation: mirror images only"));
        assertThat(dir.resolve("plan")).as("the folds' scratch runs are removed").doesNotExist();

        // the final run trains on every image; the Results step shows the winner's answers on its folds' held-out
        // images (each by a model that did not train on it): every image of the scored folds once, rightly labelled
        assertThat(recorded.data().valFraction()).isZero();
        List<ValidationPrediction> shown = new RunFolder(dir).predictions();
        assertThat(shown).hasSize(100 / plan.folds() * chosen.foldsScored());
        assertThat(shown).extracting(ValidationPrediction::file).doesNotHaveDuplicates()
                .allSatisfy(f -> assertThat(Path.of(f)).isRegularFile());
        assertThat(shown).allSatisfy(p -> {
            assertThat(Path.of(p.file()).getParent().getFileName().toString()).isEqualTo(p.actual());
            assertThat(p.confidence()).isBetween(0.0, 1.0);
        });
        double shownAccuracy = shown.stream().filter(p -> !p.wrong()).count() / (double) shown.size();
        assertThat(shownAccuracy).as("the chosen plan's fold score, from the same answers").isCloseTo(chosen.accuracy(),
                org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void aBudgetTooSmallForEveryCandidateOnEveryFoldScreensTheTwoEndsAndGoesOnWithTheLeaderUnlessThatSettledIt()
            throws Exception {
        Recipe recipe = smallCnnAuto(TestData.fashionSample().toString(), "auto:6", 0);
        // six runs' worth: far from the 25 that every candidate on every fold would take, while the screening
        // (half a run per candidate) fits even on a busy machine, where the probe and the range test take longer
        Path dir = runs.resolve("screened");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, dir));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);

        PlanReport plan = PlanJson.read(Files.readString(dir.resolve("plan.json")));
        List<PlanReport.Candidate> fineTunes = plan.candidates().stream().filter(c -> !c.name().equals("linear-probe")).toList();
        List<PlanReport.Candidate> screenedOut = fineTunes.stream().filter(PlanReport.Candidate::screenedOut).toList();
        List<PlanReport.Candidate> scored = fineTunes.stream().filter(PlanReport.Candidate::scored).toList();
        assertThat(scored).as("only the screening's leader goes on").hasSize(1);
        PlanReport.Candidate leaderRow = scored.get(0);
        String leader = leaderRow.name();
        assertThat(fineTunes).filteredOn(c -> !c.screenedOut() && !c.scored()).as("the plans between the two ends")
                .extracting(PlanReport.Candidate::name).containsExactlyInAnyOrder("gradual", "partial:1");
        assertThat(fineTunes).filteredOn(c -> c.screenedOut() || c.scored()).extracting(PlanReport.Candidate::name)
                .containsExactlyInAnyOrder("bitfit", "full");
        assertThat(screenedOut).as("left behind by the screening run, with its score").isNotEmpty()
                .allSatisfy(c -> {
                    assertThat(c.accuracy()).isBetween(0.0, 1.0);
                    assertThat(c.foldsScored()).isEqualTo(1);
                    assertThat(c.status()).contains("the search went on with " + leader + " (");
                });
        // the leader screened at least as well as every candidate it left behind, or within two standard errors of
        // the best, as the final choice is made
        double led = Double.parseDouble(screenedOut.get(0).status().replaceAll(".*went on with \\S+ \\(([0-9.]+)\\)", "$1"));
        if (leaderRow.description().contains("led the screening")) {
            assertThat(screenedOut).allSatisfy(c -> assertThat(c.accuracy()).isLessThanOrEqualTo(led + 1e-9));
        } else {
            assertThat(leaderRow.description()).contains("within two standard errors of");
        }
        assertThat(plan.candidates().get(0).scored()).as("the candidates the choice compares come first").isTrue();
        assertThat(plan.spentSeconds()).isLessThanOrEqualTo(plan.budgetSeconds() * 1.5);
        assertThat(dir.resolve("plan")).doesNotExist();
        // every held-out answer of the search, the screening's included, kept for studying the choice
        List<String> answers = Files.readAllLines(dir.resolve("plan-answers.csv"));
        assertThat(answers.get(0)).isEqualTo("candidate,stage,fold,image,actual,predicted,confidence");
        for (PlanReport.Candidate c : screenedOut) {
            assertThat(answers).as(c.name()).anyMatch(l -> l.startsWith(c.name() + ",screening,1,"))
                    .noneMatch(l -> l.startsWith(c.name() + ",fold,"));
        }
        assertThat(answers).anyMatch(l -> l.startsWith(leader + ",screening,1,"))
                .anyMatch(l -> l.startsWith("linear-probe,fold,1,"));
        if (leaderRow.description().contains("no longer run was needed")) {
            // the rule already preferred it to the probe on the screening fold: judged on that run
            assertThat(leaderRow.foldsScored()).isEqualTo(1);
            assertThat(plan.foldsUsed()).isEqualTo(1);
            assertThat(answers).noneMatch(l -> l.startsWith(leader + ",fold,"));
        } else {
            assertThat(answers).anyMatch(l -> l.startsWith(leader + ",fold,"));
        }
    }

    @Test
    void aScreeningLeaderWithNoTimeLeftForAWholeRunIsJudgedOnItsScreeningRunNotDropped() throws Exception {
        // two runs' worth: the screening (half a run on four fifths of the images, per candidate) takes most of it
        Recipe recipe = smallCnnAuto(TestData.fashionSample().toString(), "auto:2", 0);
        Path dir = runs.resolve("lone-leader");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, dir));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);

        PlanReport plan = PlanJson.read(Files.readString(dir.resolve("plan.json")));
        List<PlanReport.Candidate> fineTunes = plan.candidates().stream().filter(c -> !c.name().equals("linear-probe")).toList();
        assertThat(fineTunes).as("at least one screening run fits in two runs' worth").anyMatch(c -> c.foldsScored() > 0);
        // whichever way the time fell, the screening's leader (or the preferred plan within two errors of it) stays
        // in the comparison with the probe
        assertThat(fineTunes).filteredOn(PlanReport.Candidate::scored).singleElement().satisfies(c -> {
            assertThat(c.foldsScored()).isPositive();
            assertThat(c.description()).containsAnyOf("led the screening (half its length on fold 1)",
                    "went on from the screening (half its length on fold 1)");
        });
        assertThat(plan.foldsUsed()).isPositive();
    }

    @Test
    void foldsTooSmallToScreenOnGoToBitFitAloneWhenTheBudgetCannotHoldEvidenceEnoughToCompare() throws Exception {
        // 8 images a class: 5 folds of 8 images, too few for a screening run to tell fine-tunes apart; a budget of
        // three runs has room for one or two folds each of BitFit and the whole network, at most 16 held-out images
        // in common, under the 20 that the choice needs: BitFit alone gets the folds
        PlanReport plan = searchToEnd(TestData.samplePerClass(runs, 8), "tiny");
        assertOnlyThePreferredGotTheFolds(plan, "bitfit", "full");
        assertThat(plan.candidates()).filteredOn(c -> !List.of("bitfit", "full", "linear-probe").contains(c.name()))
                .isNotEmpty().allSatisfy(c -> {
                    assertThat(c.foldsScored()).as("no screening run").isZero();
                    assertThat(c.status()).startsWith("not tried").contains("folds went to bitfit and full");
                });
        assertThat(plan.chosen()).as("without evidence enough, the safest plan").isEqualTo("bitfit");
        assertThat(plan.rateCurve()).as("under 20 images a class no range test").isNull();
        assertThat(plan.candidates()).filteredOn(c -> !c.name().equals("linear-probe"))
                .allSatisfy(c -> assertThat(c.recipe().learningRate().base()).as("the recipe's rate")
                        .isEqualTo(RecipeCodec.defaults().learningRate().base()));
    }

    @Test
    void whereTheFoldsCannotChangeTheChoiceTheModelComesFirstAndItsScoreOnTheFoldsFollows() throws Exception {
        // 8 images a class, a budget of three runs: the folds BitFit can have hold under 20 held-out images, so the
        // order chooses it whatever they score; its final run trains first and its folds follow
        Path dir = runs.resolve("model-first");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(
                smallCnnAuto(TestData.samplePerClass(runs, 8).toString(), "auto:3", 0), dir));

        List<PlanReport> reports = events.stream().filter(TrainingEvent.PlanChosen.class::isInstance)
                .map(e -> ((TrainingEvent.PlanChosen) e).report()).toList();
        assertThat(reports).hasSize(2).allSatisfy(r -> assertThat(r.chosen()).isEqualTo("bitfit"));
        assertThat(reports.get(0).chosenCandidate().orElseThrow().outcome()).isEqualTo(PlanReport.Outcome.WAITING);
        assertThat(reports.get(0).chosenCandidate().orElseThrow().status()).contains("scored after its final run");
        assertThat(reports.get(0).reason()).contains("its model trains first");
        assertThat(reports.get(1).chosenWasScored()).as("scored on its folds once its model was trained").isTrue();
        assertThat(reports.get(1).budgetSeconds()).isEqualTo(reports.get(0).budgetSeconds());
        assertThat(reports.get(1).spentSeconds()).as("the final run's time is not the search's")
                .isLessThanOrEqualTo(reports.get(1).budgetSeconds() * 1.5);
        int lastEpoch = lastIndexOf(events, TrainingEvent.EpochDone.class);
        int modelReady = events.indexOf(events.stream().filter(e -> e instanceof TrainingEvent.ModelReady m
                && !m.provisional()).findFirst().orElseThrow());
        assertThat(modelReady).as("the model is announced after its final run's last epoch, before its folds")
                .isGreaterThan(lastEpoch).isLessThan(lastIndexOf(events, TrainingEvent.PlanChosen.class));
        assertThat(events.subList(modelReady, events.size())).filteredOn(TrainingEvent.PlanScores.class::isInstance)
                .as("the folds report their scores as they come, under the plan already chosen").isNotEmpty()
                .allSatisfy(e -> assertThat(((TrainingEvent.PlanScores) e).report().chosen()).isEqualTo("bitfit"));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        assertThat(PlanJson.read(Files.readString(dir.resolve("plan.json")))).isEqualTo(reports.get(1));
        // the Results step's held-out answers: each fold image judged by a model that did not train on it
        int folds = reports.get(1).chosenCandidate().orElseThrow().foldsScored();
        assertThat(new RunFolder(dir).predictions()).hasSize(folds * 8);
        assertThat(new RunFolder(dir).recipe().schedule().text()).isEqualTo("bitfit");
    }

    @Test
    void aRunStoppedWhileItsModelIsScoredOnItsFoldsResumesToThatModelWithoutTrainingAgain() throws Exception {
        Path dir = runs.resolve("stopped-while-scored");
        List<TrainingEvent> first = TestData.runToEnd(TestData.service(workspace).start(
                smallCnnAuto(TestData.samplePerClass(runs, 8).toString(), "auto:3", 0), dir));
        RunFolder folder = new RunFolder(dir);
        byte[] model = Files.readAllBytes(folder.lastCheckpoint());
        // a kill during the folds leaves the folder as the final run left it: its last checkpoint at its last epoch,
        // and the plan as first chosen, its folds still to come
        PlanReport promised = first.stream().filter(TrainingEvent.PlanChosen.class::isInstance)
                .map(e -> ((TrainingEvent.PlanChosen) e).report()).findFirst().orElseThrow();
        assertThat(promised.chosenCandidate().orElseThrow().outcome()).isEqualTo(PlanReport.Outcome.WAITING);
        Files.writeString(folder.planFile(), PlanJson.write(promised));
        List<TrainingEvent> resumed = TestData.runToEnd(TestData.service(workspace).resume(dir));

        assertThat(resumed.get(resumed.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        assertThat(resumed).noneMatch(e -> e instanceof TrainingEvent.EpochDone || e instanceof TrainingEvent.BatchDone);
        assertThat(Files.readAllBytes(folder.lastCheckpoint())).as("the model as its final run left it").isEqualTo(model);
        // the plan no longer promises a score that will not come
        PlanReport kept = PlanJson.read(Files.readString(folder.planFile()));
        assertThat(resumed).contains(new TrainingEvent.PlanChosen(kept));
        assertThat(kept.chosen()).isEqualTo(promised.chosen());
        assertThat(kept.candidates()).noneMatch(c -> c.outcome() == PlanReport.Outcome.WAITING);
        assertThat(kept.chosenCandidate().orElseThrow().status())
                .isEqualTo("not tried: the run was stopped before them, and resuming it completes the model, not the"
                        + " search");
        assertThat(kept.reason()).startsWith(promised.reason())
                .endsWith("Its score on those folds does not follow after all: the run was stopped before them, and"
                        + " resuming it completes the model, not the search");
    }

    private static int lastIndexOf(List<TrainingEvent> events, Class<? extends TrainingEvent> kind) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (kind.isInstance(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void withTwentyImagesAClassTheFoldsTooSmallToScreenOnGoToTheWholeNetworkFirst() throws Exception {
        // 2 classes of 20: 5 folds of 8 images, too few to screen on. The sample is Fashion-MNIST, the small CNN's own
        // kind of picture (a shift of 0.00 at its input), where under 17 a class BitFit would be preferred; from 17
        // the whole network is: when the budget cannot hold evidence enough to compare the two, it gets the folds and
        // is chosen
        PlanReport plan = searchToEnd(TestData.samplePerClass(runs, 20, 2), "twenty-two-classes");
        assertOnlyThePreferredGotTheFolds(plan, "full", "bitfit");
        assertThat(plan.chosen()).isEqualTo("full");
        assertThat(plan.reason()).startsWith("full").contains("with 17 or more images in every class");
        assertThat(plan.rateCurve()).as("from 20 a class the fine-tunes train at the range test's rate").isNotNull();
        assertThat(plan.candidates()).filteredOn(c -> c.name().equals("full")).singleElement()
                .satisfies(c -> assertThat(c.recipe().learningRate().base()).isEqualTo(Math.max(1e-4,
                        Math.min(0.1, plan.rateCurve().suggested()))));
    }

    /** Runs the small CNN's automatic plan with a budget of three runs on a manifest and returns its plan. */
    private PlanReport searchToEnd(Path manifest, String name) throws Exception {
        Path dir = runs.resolve(name);
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(
                smallCnnAuto(manifest.toString(), "auto:3", 0), dir));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        return PlanJson.read(Files.readString(dir.resolve("plan.json")));
    }

    /** Five tiny folds, of which only the preferred plan got some: the other has none, and says why. */
    private static void assertOnlyThePreferredGotTheFolds(PlanReport plan, String preferred, String other) {
        assertThat(plan.folds()).isEqualTo(5);
        assertThat(plan.candidates()).filteredOn(c -> c.name().equals(preferred)).singleElement()
                .satisfies(c -> assertThat(c.foldsScored()).isPositive());
        assertThat(plan.candidates()).filteredOn(c -> c.name().equals(other)).singleElement().satisfies(c -> {
            assertThat(c.foldsScored()).isZero();
            assertThat(c.status()).startsWith("not tried").contains("of 8 images each for " + preferred + " and " + other)
                    .contains("under the 20 needed to prefer one plan to another");
        });
    }

    @Test
    void aLengthTheUserGivesIsKeptByEveryFineTuningCandidate() throws Exception {
        Recipe recipe = smallCnnAuto(TestData.fashionSample().toString(), "auto", 2);
        Path dir = runs.resolve("two-epochs");
        TestData.runToEnd(TestData.service(workspace).start(recipe, dir));
        PlanReport plan = PlanJson.read(Files.readString(dir.resolve("plan.json")));
        assertThat(plan.candidates()).filteredOn(c -> !c.name().equals("linear-probe"))
                .allSatisfy(c -> assertThat(c.recipe().epochs()).isEqualTo(2));
        Recipe recorded = RecipeCodec.read(dir.resolve("recipe.json"));
        assertThat(recorded.epochs()).isEqualTo(plan.chosen().equals("linear-probe") ? 1 : 2);
    }

    @Test
    void aFeatureExtractionRunFitsTheHeadToConvergenceAndReachesAStatedAccuracy() throws Exception {
        Path manifest = TestData.sampleWithTestPart(runs);
        Recipe recipe = TestData.smallCnnRecipe("feature-extraction", 0).withData(new Recipe.Data(manifest.toString(),
                null, 0.2, 0, null));
        Path dir = runs.resolve("probe");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, dir));
        TrainingEvent.Finished finished = (TrainingEvent.Finished) events.get(events.size() - 1);
        assertThat(finished.epochsRun()).as("fitted in one go, not by epochs").isEqualTo(1);
        TrainingEvent.TestEvaluated test = events.stream().filter(e -> e instanceof TrainingEvent.TestEvaluated)
                .map(TrainingEvent.TestEvaluated.class::cast).findFirst().orElseThrow();
        // measured: 0.82 on the 250 held-out images (the small CNN knows other classes than these)
        assertThat(test.images()).isEqualTo(250);
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.78);
        assertThat(events).filteredOn(e -> e instanceof TrainingEvent.BatchDone).as("solver iterations reported")
                .hasSizeGreaterThan(5);
    }

    /** The small CNN's default recipe on a dataset, with the automatic plan at this budget and length. */
    private static Recipe smallCnnAuto(String data, String schedule, int epochs) {
        Recipe d = RecipeCodec.defaults();
        return d.withModel("fashion_cnn").withData(new Recipe.Data(data, null, 0.2, 0, null))
                .withPlan(Schedule.parse(schedule), null, d.learningRate(), epochs, d.batchNorm(), d.augmentation());
    }
}
