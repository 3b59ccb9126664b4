package io.docstream.gateway.edge;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Enables {@code @Scheduled} housekeeping (e.g. purging dead tokens). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingConfig {}
