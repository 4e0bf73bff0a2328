/*
 * Copyright 2026 the flinkext authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.flinkext.tools.verify;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.execution.Environment;
import org.apache.flink.runtime.io.disk.iomanager.IOManager;
import org.apache.flink.runtime.io.disk.iomanager.IOManagerAsync;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.query.KvStateRegistry;
import org.apache.flink.runtime.state.LocalRecoveryConfig;
import org.apache.flink.runtime.state.TaskStateManager;
import org.apache.flink.runtime.taskmanager.TaskManagerRuntimeInfo;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import java.io.File;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a state backend's {@code createKeyedStateBackend} asks of a task's {@link Environment}, with
 * no task and no cluster: the user class loader, an execution config, a job id, a temporary folder,
 * an I/O executor, local recovery off, no checkpoint storage. Flink has no offline implementation
 * of the interface (its own are the running task's and the tests' mocks), so it is answered by a
 * proxy; anything else a backend might ask for fails with a message saying it is not available
 * offline.
 */
@Internal
final class OfflineEnvironment implements AutoCloseable {

    private final Environment environment;
    private final ExecutorService ioExecutor;
    private final IOManager ioManager;
    private final File tmp;

    OfflineEnvironment(ClassLoader classLoader, Configuration configuration, File tmp) {
        ExecutionConfig executionConfig = new ExecutionConfig();
        executionConfig.configure(configuration, classLoader);
        JobID job = new JobID();
        JobVertexID vertex = new JobVertexID();
        UserCodeClassLoader userCode = SimpleUserCodeClassLoader.create(classLoader);
        this.tmp = tmp;
        this.ioExecutor = Executors.newFixedThreadPool(2);
        this.ioManager = new IOManagerAsync(new String[] {tmp.getAbsolutePath()}, ioExecutor);
        TaskStateManager taskState =
                proxy(
                        TaskStateManager.class,
                        Map.of(
                                "createLocalRecoveryConfig",
                                LocalRecoveryConfig.BACKUP_AND_RECOVERY_DISABLED));
        TaskManagerRuntimeInfo taskManager =
                proxy(
                        TaskManagerRuntimeInfo.class,
                        Map.of(
                                "getConfiguration",
                                configuration,
                                "getTmpDirectories",
                                new String[] {tmp.getAbsolutePath()},
                                "getTmpWorkingDirectory",
                                tmp,
                                "shouldExitJvmOnOutOfMemoryError",
                                false));
        // ForSt names its folders after the attempt number.
        TaskInfo task =
                proxy(
                        TaskInfo.class,
                        Map.of(
                                "getTaskName", "flinkext offline restore",
                                "getAttemptNumber", 0,
                                "getIndexOfThisSubtask", 0,
                                "getNumberOfParallelSubtasks", 1));
        this.environment =
                proxy(
                        Environment.class,
                        Map.ofEntries(
                                Map.entry("getTaskInfo", task),
                                Map.entry("getAsyncOperationsThreadPool", ioExecutor),
                                Map.entry("getExecutionConfig", executionConfig),
                                Map.entry("getJobID", job),
                                Map.entry("getJobVertexId", vertex),
                                Map.entry("getUserCodeClassLoader", userCode),
                                Map.entry("getTaskStateManager", taskState),
                                Map.entry("getTaskManagerInfo", taskManager),
                                Map.entry("getIOManager", ioManager),
                                Map.entry("getJobConfiguration", configuration),
                                Map.entry("getTaskConfiguration", new Configuration()),
                                Map.entry(
                                        "getTaskKvStateRegistry",
                                        new KvStateRegistry().createTaskRegistry(job, vertex)),
                                Map.entry(
                                        "getMetricGroup",
                                        UnregisteredMetricGroups
                                                .createUnregisteredTaskMetricGroup())));
    }

    Environment environment() {
        return environment;
    }

    JobID jobId() {
        return environment.getJobID();
    }

    /** The temporary folder restored state lives in. */
    File tmp() {
        return tmp;
    }

    /** An instance of {@code type} answering the named no-argument methods with fixed values. */
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        InvocationHandler handler =
                (self, method, args) -> {
                    switch (method.getName()) {
                        case "toString":
                            return "offline " + type.getSimpleName();
                        case "hashCode":
                            return System.identityHashCode(self);
                        case "equals":
                            return self == args[0];
                        default:
                            break;
                    }
                    Object answer = answers.get(method.getName());
                    if (answer != null && (args == null || args.length == 0)) {
                        return answer;
                    }
                    if (method.getName().equals("getCheckpointStorageAccess")) {
                        // No checkpoint storage offline: ForSt then keeps its database local.
                        return null;
                    }
                    if (method.getReturnType() == void.class) {
                        // Reports and registrations (metrics, release hooks) go nowhere.
                        return null;
                    }
                    throw new UnsupportedOperationException(
                            type.getSimpleName()
                                    + "#"
                                    + method.getName()
                                    + " is not available in flinkext's offline restore");
                };
        return type.cast(
                Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public void close() throws Exception {
        try {
            ioManager.close();
        } finally {
            ioExecutor.shutdownNow();
        }
    }
}
