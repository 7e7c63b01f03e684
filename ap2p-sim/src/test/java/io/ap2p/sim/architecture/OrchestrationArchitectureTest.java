package io.ap2p.sim.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.ap2p.core.execution.Delegation;
import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.execution.WorkflowDriver;
import io.ap2p.core.execution.WorkflowRun;
import io.ap2p.sim.run.PointRun;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One orchestration, two runtimes (DESIGN.md): the simulator carries a workflow's messages but
 * leaves candidates, attempts, timeouts and fallback to ap2p-core's {@link WorkflowDriver}, the
 * class the real node drives its workflows with.
 */
class OrchestrationArchitectureTest {

  /** The methods through which a run or a delegation is started or told what happened. */
  static final Set<String> EVENTS =
      Set.of("start", "cancel", "onCandidates", "onResult", "onError", "onTimeout");

  static final DescribedPredicate<JavaMethodCall> FEEDS_A_RUN =
      DescribedPredicate.describe(
          "a WorkflowRun's or a Delegation's start, cancel or event method",
          call -> {
            String owner = call.getTargetOwner().getName();
            return (owner.equals(WorkflowRun.class.getName())
                    || owner.equals(Delegation.class.getName()))
                && EVENTS.contains(call.getName());
          });

  static final ArchRule ONLY_THE_DRIVER_FEEDS_RUNS =
      noClasses()
          .that()
          .resideInAPackage("io.ap2p.sim..")
          .should()
          .callMethodWhere(FEEDS_A_RUN)
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName(Delegation.class.getName())
          .because("ap2p-core's WorkflowDriver orchestrates workflows for both runtimes");

  static JavaClasses sim;

  @BeforeAll
  static void importSim() {
    sim =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ap2p.sim");
  }

  @Test
  void noSimulatorClassFeedsAWorkflowRunOrADelegation() {
    ONLY_THE_DRIVER_FEEDS_RUNS.check(sim);
  }

  @Test
  void theRuleWouldCatchALoopOfItsOwn() {
    // a class that feeds a run by hand, as the simulator once did, must be flagged
    JavaClasses own = new ClassFileImporter().importClasses(OwnLoop.class);
    assertThatThrownBy(() -> ONLY_THE_DRIVER_FEEDS_RUNS.check(own))
        .hasMessageContaining("WorkflowRun.onResult");
  }

  @Test
  void theSimulatorImplementsTheDriversRuntimeAndStartsDrivers() {
    List<JavaClass> runtimes =
        sim.stream().filter(c -> c.isAssignableTo(WorkflowDriver.Runtime.class)).toList();
    assertThat(runtimes).isNotEmpty();
    assertThat(runtimes).allMatch(c -> c.getPackageName().startsWith("io.ap2p.sim"));
    assertThat(sim.get(PointRun.class).getMethodCallsFromSelf())
        .anyMatch(
            c ->
                c.getTargetOwner().isEquivalentTo(WorkflowDriver.class)
                    && c.getName().equals("start"));
  }

  /** What the rule forbids: orchestration by hand, outside the driver. */
  static final class OwnLoop {
    List<WorkflowRun.Action> answer(WorkflowRun run, TaskResult result) {
      return run.onResult("step", 1, result);
    }
  }
}
