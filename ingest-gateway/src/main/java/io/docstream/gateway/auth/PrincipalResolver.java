package io.docstream.gateway.auth;

import io.docstream.gateway.edge.ApiException;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Makes {@link Principal} a handler parameter: resolved from {@code Authorization: Bearer <token>},
 * or the request is refused with 401 before the handler runs. Declare it first so that an
 * unauthenticated request is answered 401 even when its body is also bad.
 */
@Component
public class PrincipalResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private final Authenticator authenticator;

    public PrincipalResolver(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Principal.class;
    }

    @Override
    public Principal resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                     WebDataBinderFactory binderFactory) {
        String token = Authenticator.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> ApiException.unauthenticated("missing bearer token"));
        return authenticator.authenticate(token)
                .orElseThrow(() -> ApiException.unauthenticated("invalid or expired token"));
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }
}
